package import Foundation

/// The statuses of a snapshot, as Cinder spells them.
package enum SnapshotStatus: String, Codable, Sendable, CaseIterable {
    case creating
    case available
    case deleting
    case error
    case errorDeleting = "error_deleting"
    /// Being copied back onto its volume (`revert`, 3.40).
    case restoring
    /// A soft-deleted row, never shown by the API.
    case deleted

    /// Statuses from which a user may ask for a delete (Cinder's list).
    package static let deletable: Set<SnapshotStatus> = [.available, .error]
    /// Statuses a volume may be created from.
    package static let readable: Set<SnapshotStatus> = [.available]
    /// Statuses an admin may set with `os-reset_status`.
    package static let resettable: Set<SnapshotStatus> = Set(allCases).subtracting([.deleted])
}

/// A point-in-time copy of a volume, held by the volume's host: one row of the `snapshots` table.
package struct Snapshot: Sendable, Equatable {
    package var id: UUID
    package var projectID: String
    package var userID: String
    package var volumeID: UUID
    package var name: String?
    package var description: String?
    package var sizeGB: Int
    package var status: SnapshotStatus
    package var metadata: [String: String]
    package var createdAt: Date
    package var updatedAt: Date?
    /// Progress as last reported through `os-update_snapshot_status`; nil when never reported.
    package var progress: String?
    /// The group snapshot it is part of (3.14), if any.
    package var groupSnapshotID: UUID?
    /// As a volume's: the name a manage takes the backing store from, or an unmanage leaves it under.
    package var externalName: String?

    package init(
        id: UUID = UUID.random(), projectID: String, userID: String, volumeID: UUID, name: String?, description: String?,
        sizeGB: Int, status: SnapshotStatus = .creating, metadata: [String: String] = [:], createdAt: Date = Date(),
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.projectID = projectID
        self.userID = userID
        self.volumeID = volumeID
        self.name = name
        self.description = description
        self.sizeGB = sizeGB
        self.status = status
        self.metadata = metadata
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Which snapshots a listing returns.
package struct SnapshotQuery: Sendable {
    /// nil lists every project's snapshots (an admin's `all_tenants`).
    package var projectID: String?
    package var volumeID: UUID?
    package var status: SnapshotStatus?

    package init(projectID: String?, volumeID: UUID? = nil, status: SnapshotStatus? = nil) {
        self.projectID = projectID
        self.volumeID = volumeID
        self.status = status
    }
}
