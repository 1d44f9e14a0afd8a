package import Foundation

/// A long operation on a volume's or snapshot's data (a wipe, copy, clone or revert), while it runs
/// and for a day after: bytes done out of total, rate and time left. Cinder reports none of this, so
/// it is Ember's own resource (`/v3/{project_id}/operations`), beside Cinder's bodies, not in them.
package struct DataOperation: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        /// Zeroing a volume's blocks as it is deleted (`volume_clear`).
        case wipe
        /// A volume made from a snapshot, or a snapshot taken by copying.
        case copy
        /// A volume made from another volume.
        case clone
        /// A volume rewritten with a snapshot's content.
        case revert
    }

    package enum State: String, Sendable, CaseIterable {
        case running, succeeded, failed
    }

    /// How long an ended operation stays listed.
    package static let kept: TimeInterval = 24 * 3600

    package var id: UUID
    package var projectID: String
    package var resourceType: WorkerRecord.ResourceType
    package var resourceID: UUID
    package var kind: Kind
    package var state: State
    /// The volume service doing it.
    package var host: String
    package var bytesDone: Int
    package var bytesTotal: Int
    /// The rate over the last interval reported (the whole run's once it has ended).
    package var bytesPerSecond: Int
    package var startedAt: Date
    package var updatedAt: Date
    package var finishedAt: Date?

    package init(
        id: UUID = UUID.random(), projectID: String, resourceType: WorkerRecord.ResourceType, resourceID: UUID, kind: Kind, host: String,
        bytesTotal: Int, startedAt: Date = Date()
    ) {
        self.id = id
        self.projectID = projectID
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.kind = kind
        self.state = .running
        self.host = host
        self.bytesDone = 0
        self.bytesTotal = bytesTotal
        self.bytesPerSecond = 0
        self.startedAt = startedAt
        self.updatedAt = startedAt
    }

    /// Whole percent done, as Cinder spells a snapshot's progress (`"42%"`).
    package var percentDone: Int {
        guard bytesTotal > 0 else { return state == .succeeded ? 100 : 0 }
        return min(100, bytesDone * 100 / bytesTotal)
    }

    /// Seconds left at the current rate, while it runs and has a rate.
    package var secondsLeft: Double? {
        guard state == .running, bytesPerSecond > 0 else { return nil }
        return Double(max(0, bytesTotal - bytesDone)) / Double(bytesPerSecond)
    }

    /// Records `done` bytes at `now`: the rate is the one since the previous record.
    package mutating func advance(to done: Int, at now: Date) {
        let seconds = now.timeIntervalSince(updatedAt)
        if seconds > 0, done >= bytesDone { bytesPerSecond = Int(Double(done - bytesDone) / seconds) }
        bytesDone = done
        updatedAt = now
    }

    /// Ends it; the rate becomes the whole run's.
    package mutating func finish(_ outcome: State, at now: Date) {
        state = outcome
        finishedAt = now
        updatedAt = now
        let seconds = now.timeIntervalSince(startedAt)
        if outcome == .succeeded { bytesDone = max(bytesDone, bytesTotal) }
        bytesPerSecond = seconds > 0 ? Int(Double(bytesDone) / seconds) : 0
    }
}
