package import Foundation

/// The statuses of an attachment, as Cinder spells them.
package enum AttachmentStatus: String, Codable, Sendable, CaseIterable {
    case reserved
    case attaching
    case attached
    case detaching
    case detached
    case errorAttaching = "error_attaching"
}

/// One host's use of a volume (Cinder 3.27's attachment): reserved, then given a connector and
/// exported, then completed once the host has connected.
package struct Attachment: Sendable, Equatable {
    package var id: UUID
    package var volumeID: UUID
    package var projectID: String
    package var instanceID: String?
    package var attachedHost: String?
    package var mountpoint: String?
    /// `rw` or `ro` (3.54).
    package var mode: String
    package var status: AttachmentStatus
    /// The connector the host sent, as JSON text (kept for detaching).
    package var connector: String?
    package var attachedAt: Date?
    package var detachedAt: Date?
    package var createdAt: Date

    package init(
        id: UUID = UUID.random(), volumeID: UUID, projectID: String, instanceID: String?, mode: String = "rw",
        status: AttachmentStatus = .reserved, createdAt: Date = Date()
    ) {
        self.id = id
        self.volumeID = volumeID
        self.projectID = projectID
        self.instanceID = instanceID
        self.mode = mode
        self.status = status
        self.createdAt = createdAt
    }
}

/// Something that happens to an attachment, through the attachments API or Nova's older volume actions.
package enum AttachmentEvent: Sendable, Equatable {
    /// The volume was exported for the host's connector.
    case connected
    /// The host has connected (`os-complete`, 3.44).
    case completed
    /// Nova's `os-attach`: connected and attached in one step.
    case attachedDirectly
    /// `os-unreserve`: a reservation given up before any export.
    case unreserved
    /// `os-begin_detaching` and `os-roll_detaching`.
    case detachBegun
    case detachRolledBack
    /// `os-detach`: the host let go.
    case detachFinished
    /// The attachment goes, whatever its status: `DELETE /attachments/{id}`, or an export that failed
    /// undoing its reservation.
    case removed
}

/// The attachment rules as plain values: which status each event leads to, and what a volume's status
/// becomes as its attachments change.
package enum AttachmentLifecycle: Lifecycle {
    package static func sources(of event: AttachmentEvent) -> Set<AttachmentStatus> {
        switch event {
        case .connected, .attachedDirectly: [.reserved, .attaching]
        case .completed: [.attaching, .attached]
        case .unreserved: [.reserved]
        case .detachBegun: [.attached]
        case .detachRolledBack: [.detaching]
        case .detachFinished: [.attached, .detaching]
        case .removed: Set(AttachmentStatus.allCases)
        }
    }

    package static func target(of event: AttachmentEvent) -> AttachmentStatus {
        switch event {
        case .connected: .attaching
        case .completed, .attachedDirectly, .detachRolledBack: .attached
        case .detachBegun: .detaching
        case .unreserved, .detachFinished, .removed: .detached
        }
    }

    /// Statuses a volume may be reserved from: available always, the attached ones when multiattach.
    package static func reservable(multiattach: Bool) -> Set<VolumeStatus> {
        multiattach ? [.available, .reserved, .attaching, .inUse] : [.available]
    }

    /// The volume's status once its live attachments are `statuses` (none left: available).
    package static func volumeStatus(for statuses: [AttachmentStatus]) -> VolumeStatus {
        if statuses.contains(.attached) { return .inUse }
        if statuses.contains(.attaching) { return .attaching }
        if statuses.contains(.detaching) { return .detaching }
        if statuses.contains(.reserved) { return .reserved }
        return .available
    }
}
