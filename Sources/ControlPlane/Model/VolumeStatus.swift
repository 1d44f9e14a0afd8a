/// The statuses a volume passes through, spelled as Cinder spells them on the wire.
public enum VolumeStatus: String, Codable, Sendable, CaseIterable {
    case creating
    case available
    case deleting
    case error
    case errorDeleting = "error_deleting"
    case extending
    case errorExtending = "error_extending"
    /// Being rewritten with a snapshot's content (`revert`, 3.40).
    case reverting
    // Attachment statuses (3.27): reserved → attaching → in-use → detaching → available.
    case reserved
    case attaching
    case inUse = "in-use"
    case detaching
    /// A soft-deleted row: kept for audit, never shown by the API.
    case deleted
}

/// Something that happens to a volume. The lifecycle decides which statuses it may start from.
public enum VolumeEvent: Sendable, Equatable {
    case createSucceeded
    case createFailed
    case schedulingFailed
    case deleteRequested
    case deleteSucceeded
    case deleteFailed
    case extendRequested
    case extendSucceeded
    case extendFailed
    /// The scheduler found no room for the larger size: back to available, nothing changed.
    case extendRefused
}

/// The volume lifecycle as a plain value: which status an event leads to, and from which statuses it may happen.
///
/// No I/O happens here. The store persists a transition only with a conditional update on one of
/// `sources(of:)`, so two requests racing on one volume can never both win.
public struct VolumeLifecycle: Sendable {
    /// Statuses from which a user may ask for a delete (Cinder's list, less those Ember has no use for yet).
    public static let deletable: Set<VolumeStatus> = [.available, .error, .errorDeleting, .errorExtending]
    /// Statuses a volume may be cloned or snapshotted from.
    public static let readable: Set<VolumeStatus> = [.available]
    /// Statuses an admin may set with `os-reset_status`.
    public static let resettable: Set<VolumeStatus> = Set(VolumeStatus.allCases).subtracting([.deleted])

    public static func sources(of event: VolumeEvent) -> Set<VolumeStatus> {
        switch event {
        case .createSucceeded, .createFailed, .schedulingFailed: [.creating]
        case .deleteRequested: deletable
        case .deleteSucceeded, .deleteFailed: [.deleting]
        case .extendRequested: [.available]
        case .extendSucceeded, .extendFailed, .extendRefused: [.extending]
        }
    }

    public static func target(of event: VolumeEvent) -> VolumeStatus {
        switch event {
        case .createSucceeded: .available
        case .createFailed, .schedulingFailed: .error
        case .deleteRequested: .deleting
        case .deleteSucceeded: .deleted
        case .deleteFailed: .errorDeleting
        case .extendRequested: .extending
        case .extendSucceeded, .extendRefused: .available
        case .extendFailed: .errorExtending
        }
    }

    /// The status `event` leads to from `status`, or nil when the event is not allowed there.
    public static func next(from status: VolumeStatus, on event: VolumeEvent) -> VolumeStatus? {
        sources(of: event).contains(status) ? target(of: event) : nil
    }
}
