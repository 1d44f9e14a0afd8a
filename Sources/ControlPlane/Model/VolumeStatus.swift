/// The statuses a volume passes through, spelled as Cinder spells them on the wire.
public enum VolumeStatus: String, Codable, Sendable, CaseIterable {
    case creating
    case available
    case deleting
    case error
    case errorDeleting = "error_deleting"
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
}

/// The volume lifecycle as a plain value: which status an event leads to, and from which statuses it may happen.
///
/// No I/O happens here. The store persists a transition only with a conditional update on one of
/// `sources(of:)`, so two requests racing on one volume can never both win.
public struct VolumeLifecycle: Sendable {
    /// Statuses from which a user may ask for a delete (Cinder's list, less those Ember has no use for yet).
    public static let deletable: Set<VolumeStatus> = [.available, .error, .errorDeleting]

    public static func sources(of event: VolumeEvent) -> Set<VolumeStatus> {
        switch event {
        case .createSucceeded, .createFailed, .schedulingFailed: [.creating]
        case .deleteRequested: deletable
        case .deleteSucceeded, .deleteFailed: [.deleting]
        }
    }

    public static func target(of event: VolumeEvent) -> VolumeStatus {
        switch event {
        case .createSucceeded: .available
        case .createFailed, .schedulingFailed: .error
        case .deleteRequested: .deleting
        case .deleteSucceeded: .deleted
        case .deleteFailed: .errorDeleting
        }
    }

    /// The status `event` leads to from `status`, or nil when the event is not allowed there.
    public static func next(from status: VolumeStatus, on event: VolumeEvent) -> VolumeStatus? {
        sources(of: event).contains(status) ? target(of: event) : nil
    }
}
