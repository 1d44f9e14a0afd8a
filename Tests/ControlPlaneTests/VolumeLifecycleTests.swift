@testable import EmberModel
import Testing

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
