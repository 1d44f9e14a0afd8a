import Testing

@testable import EmberModel

@Suite("Volume lifecycle state machine")
struct VolumeLifecycleTests {
    @Test func createEndsInAvailableOrError() {
        #expect(VolumeLifecycle.next(from: .creating, on: .createSucceeded) == .available)
        #expect(VolumeLifecycle.next(from: .creating, on: .createFailed) == .error)
        #expect(VolumeLifecycle.next(from: .creating, on: .schedulingFailed) == .error)
        #expect(VolumeLifecycle.next(from: .available, on: .createSucceeded) == nil)
    }

    @Test(arguments: [VolumeStatus.available, .error, .errorDeleting])
    func deleteIsAllowedFrom(_ status: VolumeStatus) {
        #expect(VolumeLifecycle.next(from: status, on: .deleteRequested) == .deleting)
    }

    @Test(arguments: [VolumeStatus.creating, .deleting, .deleted])
    func deleteIsRefusedFrom(_ status: VolumeStatus) {
        #expect(VolumeLifecycle.next(from: status, on: .deleteRequested) == nil)
    }

    @Test func deleteOutcomesStartOnlyFromDeleting() {
        #expect(VolumeLifecycle.next(from: .deleting, on: .deleteSucceeded) == .deleted)
        #expect(VolumeLifecycle.next(from: .deleting, on: .deleteFailed) == .errorDeleting)
        for status in VolumeStatus.allCases where status != .deleting {
            #expect(VolumeLifecycle.next(from: status, on: .deleteSucceeded) == nil)
        }
    }
}

@Suite("Volume lifecycle: the admin's moves and revert")
struct VolumeAdminLifecycleTests {
    @Test func forceDeleteAndResetStartFromAnyStatusButDeleted() {
        for status in VolumeStatus.allCases {
            let allowed = status != .deleted
            #expect((VolumeLifecycle.next(from: status, on: .forceDeleteRequested) == .deleting) == allowed)
            #expect((VolumeLifecycle.next(from: status, on: .statusReset(.error)) == .error) == allowed)
        }
        #expect(VolumeLifecycle.next(from: .creating, on: .deleteRequested) == nil, "a plain delete keeps its list")
    }

    @Test func revertRunsFromAvailableThroughReverting() {
        #expect(VolumeLifecycle.next(from: .available, on: .revertRequested) == .reverting)
        #expect(VolumeLifecycle.next(from: .inUse, on: .revertRequested) == nil)
        #expect(VolumeLifecycle.next(from: .reverting, on: .revertSucceeded) == .available)
        #expect(VolumeLifecycle.next(from: .reverting, on: .revertFailed) == .error)
        #expect(VolumeLifecycle.next(from: .available, on: .revertSucceeded) == nil)
    }
}

@Suite("Snapshot lifecycle state machine")
struct SnapshotLifecycleTests {
    @Test func createAndDeleteOutcomesStartOnlyFromTheirTransitionalStatus() {
        #expect(SnapshotLifecycle.next(from: .creating, on: .createSucceeded) == .available)
        #expect(SnapshotLifecycle.next(from: .creating, on: .createFailed) == .error)
        #expect(SnapshotLifecycle.next(from: .deleting, on: .deleteSucceeded) == .deleted)
        #expect(SnapshotLifecycle.next(from: .deleting, on: .deleteFailed) == .errorDeleting)
        for status in SnapshotStatus.allCases where status != .creating {
            #expect(SnapshotLifecycle.next(from: status, on: .createSucceeded) == nil)
        }
    }

    @Test(arguments: SnapshotStatus.allCases)
    func deleteFromTheDeletableOnesForceDeleteFromAnyButDeleted(_ status: SnapshotStatus) {
        #expect((SnapshotLifecycle.next(from: status, on: .deleteRequested) == .deleting) == [.available, .error].contains(status))
        #expect((SnapshotLifecycle.next(from: status, on: .forceDeleteRequested) == .deleting) == (status != .deleted))
    }

    @Test func aRevertRestoresAnAvailableSnapshotAndGivesItBack() {
        #expect(SnapshotLifecycle.next(from: .available, on: .restoreRequested) == .restoring)
        #expect(SnapshotLifecycle.next(from: .error, on: .restoreRequested) == nil)
        #expect(SnapshotLifecycle.next(from: .restoring, on: .restoreFinished) == .available)
    }
}

@Suite("Attachment lifecycle state machine")
struct AttachmentLifecycleTests {
    @Test func theAttachmentsAPIFlow() {
        #expect(AttachmentLifecycle.next(from: .reserved, on: .connected) == .attaching)
        #expect(AttachmentLifecycle.next(from: .attaching, on: .connected) == .attaching, "a second connector update")
        #expect(AttachmentLifecycle.next(from: .attaching, on: .completed) == .attached)
        #expect(AttachmentLifecycle.next(from: .reserved, on: .completed) == nil, "complete before export")
        for status in AttachmentStatus.allCases { #expect(AttachmentLifecycle.next(from: status, on: .removed) == .detached) }
    }

    @Test func novasOlderActions() {
        #expect(AttachmentLifecycle.next(from: .reserved, on: .unreserved) == .detached)
        #expect(AttachmentLifecycle.next(from: .attached, on: .unreserved) == nil)
        #expect(AttachmentLifecycle.next(from: .reserved, on: .attachedDirectly) == .attached)
        #expect(AttachmentLifecycle.next(from: .attached, on: .detachBegun) == .detaching)
        #expect(AttachmentLifecycle.next(from: .detaching, on: .detachRolledBack) == .attached)
        #expect(AttachmentLifecycle.next(from: .detaching, on: .detachFinished) == .detached)
        #expect(AttachmentLifecycle.next(from: .reserved, on: .detachFinished) == nil)
    }

    @Test func theVolumeFollowsItsLiveAttachments() {
        #expect(AttachmentLifecycle.volumeStatus(for: []) == .available)
        #expect(AttachmentLifecycle.volumeStatus(for: [.reserved, .attached]) == .inUse)
        #expect(AttachmentLifecycle.volumeStatus(for: [.reserved, .detaching]) == .detaching)
    }
}
