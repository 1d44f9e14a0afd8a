public import Foundation

/// The statuses of an attachment, as Cinder spells them.
public enum AttachmentStatus: String, Codable, Sendable, CaseIterable {
    case reserved
    case attaching
    case attached
    case detaching
    case detached
    case errorAttaching = "error_attaching"
}

/// One host's use of a volume (Cinder 3.27's attachment): reserved, then given a connector and
/// exported, then completed once the host has connected.
public struct Attachment: Sendable, Equatable {
    public var id: UUID
    public var volumeID: UUID
    public var projectID: String
    public var instanceID: String?
    public var attachedHost: String?
    public var mountpoint: String?
    /// `rw` or `ro` (3.54).
    public var mode: String
    public var status: AttachmentStatus
    /// The connector the host sent, as JSON text (kept for detaching).
    public var connector: String?
    public var attachedAt: Date?
    public var detachedAt: Date?
    public var createdAt: Date

    public init(id: UUID = UUID(), volumeID: UUID, projectID: String, instanceID: String?, mode: String = "rw",
                status: AttachmentStatus = .reserved, createdAt: Date = Date()) {
        self.id = id
        self.volumeID = volumeID
        self.projectID = projectID
        self.instanceID = instanceID
        self.mode = mode
        self.status = status
        self.createdAt = createdAt
    }
}

/// The attachment rules as plain values: what a volume's status becomes as its attachments change.
public enum AttachmentLifecycle {
    /// Statuses a volume may be reserved from: available always, the attached ones when multiattach.
    public static func reservable(multiattach: Bool) -> Set<VolumeStatus> {
        multiattach ? [.available, .reserved, .attaching, .inUse] : [.available]
    }

    /// The volume's status once its live attachments are `statuses` (none left: available).
    public static func volumeStatus(for statuses: [AttachmentStatus]) -> VolumeStatus {
        if statuses.contains(.attached) { return .inUse }
        if statuses.contains(.attaching) { return .attaching }
        if statuses.contains(.detaching) { return .detaching }
        if statuses.contains(.reserved) { return .reserved }
        return .available
    }
}
