/// Something that happens to a snapshot.
package enum SnapshotEvent: Sendable, Equatable {
    case createSucceeded
    case createFailed
    case deleteRequested
    /// The admin's `os-force_delete`: from any settled status.
    case forceDeleteRequested
    case deleteSucceeded
    case deleteFailed
    /// A revert copies the snapshot back onto its volume.
    case restoreRequested
    case restoreFinished
    /// The admin's `os-reset_status`: any status but deleted, to the one named.
    case statusReset(SnapshotStatus)
    /// `os-update_snapshot_status` (Nova's assisted snapshots): a creating snapshot to creating,
    /// available or error; a deleting one to deleting or error_deleting.
    case statusUpdated(SnapshotStatus)
}

/// The snapshot lifecycle: creating → available → deleting → deleted, with the error statuses, the
/// revert's restoring, and the admin's moves.
package enum SnapshotLifecycle: Lifecycle {
    package static func sources(of event: SnapshotEvent) -> Set<SnapshotStatus> {
        switch event {
        case .createSucceeded, .createFailed: [.creating]
        case .deleteRequested: SnapshotStatus.deletable
        case .forceDeleteRequested, .statusReset: SnapshotStatus.resettable
        case .deleteSucceeded, .deleteFailed: [.deleting]
        case .restoreRequested: SnapshotStatus.readable
        case .restoreFinished: [.restoring]
        case .statusUpdated(let status):
            switch status {
            case .creating, .available, .error: [.creating]
            case .deleting, .errorDeleting: [.deleting]
            default: []
            }
        }
    }

    package static func target(of event: SnapshotEvent) -> SnapshotStatus {
        switch event {
        case .createSucceeded, .restoreFinished: .available
        case .createFailed: .error
        case .deleteRequested, .forceDeleteRequested: .deleting
        case .deleteSucceeded: .deleted
        case .deleteFailed: .errorDeleting
        case .restoreRequested: .restoring
        case .statusReset(let status), .statusUpdated(let status): status
        }
    }
}
