/// Something that happens to a volume. The lifecycle decides which statuses it may start from.
package enum VolumeEvent: Sendable, Equatable {
    case createSucceeded
    case createFailed
    case schedulingFailed
    case deleteRequested
    /// The admin's `os-force_delete` (or `force=true`): from any settled status.
    case forceDeleteRequested
    case deleteSucceeded
    case deleteFailed
    case extendRequested
    case extendSucceeded
    case extendFailed
    /// The scheduler found no room for the larger size: back to available, nothing changed.
    case extendRefused
    /// `revert` (3.40): the volume is rewritten with its newest snapshot.
    case revertRequested
    case revertSucceeded
    case revertFailed
    /// The admin's `os-reset_status`: any status but deleted, to the one named.
    case statusReset(VolumeStatus)
}

/// The volume lifecycle (Cinder's volume statuses and the moves between them).
package enum VolumeLifecycle: Lifecycle {
    /// Statuses from which a user may ask for a delete (Cinder's list, less those Ember has no use for yet).
    package static let deletable: Set<VolumeStatus> = [.available, .error, .errorDeleting, .errorExtending]
    /// Statuses a volume may be cloned or snapshotted from.
    package static let readable: Set<VolumeStatus> = [.available]
    /// Statuses an admin may set with `os-reset_status`, and force-delete from.
    package static let resettable: Set<VolumeStatus> = Set(VolumeStatus.allCases).subtracting([.deleted])

    package static func sources(of event: VolumeEvent) -> Set<VolumeStatus> {
        switch event {
        case .createSucceeded, .createFailed, .schedulingFailed: [.creating]
        case .deleteRequested: deletable
        case .forceDeleteRequested, .statusReset: resettable
        case .deleteSucceeded, .deleteFailed: [.deleting]
        case .extendRequested, .revertRequested: [.available]
        case .extendSucceeded, .extendFailed, .extendRefused: [.extending]
        case .revertSucceeded, .revertFailed: [.reverting]
        }
    }

    package static func target(of event: VolumeEvent) -> VolumeStatus {
        switch event {
        case .createSucceeded, .extendSucceeded, .extendRefused, .revertSucceeded: .available
        case .createFailed, .schedulingFailed, .revertFailed: .error
        case .deleteRequested, .forceDeleteRequested: .deleting
        case .deleteSucceeded: .deleted
        case .deleteFailed: .errorDeleting
        case .extendRequested: .extending
        case .extendFailed: .errorExtending
        case .revertRequested: .reverting
        case .statusReset(let status): status
        }
    }
}
