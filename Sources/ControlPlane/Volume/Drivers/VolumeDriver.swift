package import EmberModel
package import Foundation

/// A backend that holds volumes: files in a directory, logical volumes in a volume group.
///
/// Every operation is idempotent, because a message may be delivered twice and a service may be
/// restarted half-way: creating what exists with the same size succeeds, deleting what is gone succeeds.
package protocol VolumeDriver: Sendable {
    /// The backend name reported to the scheduler (`volume_backend_name`).
    var backendName: String { get }
    /// Checks that the backend can work (directory writable, volume group present) before serving.
    func checkSetup() async throws
    func createVolume(id: UUID, sizeGB: Int) async throws
    /// Creates a volume holding a copy of a snapshot's or another volume's content, grown to `sizeGB`.
    func createVolume(id: UUID, sizeGB: Int, from source: VolumeSource) async throws
    func deleteVolume(id: UUID) async throws
    /// Grows a volume to `sizeGB`; its content is kept.
    func extendVolume(id: UUID, sizeGB: Int) async throws
    /// Rewrites a volume with a snapshot's content (same size), replacing it only once the copy is whole.
    func revertVolume(id: UUID, toSnapshot snapshotID: UUID) async throws
    /// Takes a point-in-time copy of a volume.
    func createSnapshot(id: UUID, volumeID: UUID) async throws
    func deleteSnapshot(id: UUID) async throws
    /// What a target exports for a volume: its backing file or device, made ready to open (an LV is
    /// activated when it is not).
    func exportPath(of id: UUID) async throws -> (path: String, isBlockDevice: Bool)
    /// The volumes whose backing store exists, for recovery.
    func existingVolumes() async throws -> Set<UUID>
    /// The snapshots whose backing store exists, for recovery.
    func existingSnapshots() async throws -> Set<UUID>
    /// Capacity figures for the scheduler.
    func capacity() async throws -> BackendCapacity
    /// The size in GiB (rounded up) of a backing store Ember did not make, found by its name on the
    /// backend, for manage-existing: not found when there is none, a bad request when it is Ember's own.
    func manageableSize(of name: String) async throws -> Int
    /// Takes the backing store `name` as a volume's or snapshot's (renaming it to Ember's name; a
    /// volume's grown to `sizeGB`). Idempotent: done when `name` is gone and Ember's name is there.
    func adopt(_ name: String, as store: BackingStore, sizeGB: Int?) async throws
    /// Leaves a volume's or snapshot's data under `name`, outside Ember's naming (an unmanage).
    /// Idempotent as `adopt`.
    func release(_ store: BackingStore, as name: String) async throws
}

/// A volume's or a snapshot's backing store, for the operations that treat both alike.
package enum BackingStore: Sendable, Equatable {
    case volume(UUID)
    case snapshot(UUID)
}

/// Backends that cannot manage existing storage refuse it in one sentence.
extension VolumeDriver {
    package func manageableSize(of name: String) async throws -> Int { throw unmanageable }
    package func adopt(_ name: String, as store: BackingStore, sizeGB: Int?) async throws { throw unmanageable }
    package func release(_ store: BackingStore, as name: String) async throws { throw unmanageable }

    private var unmanageable: Fault {
        Fault.badRequest("The \(backendName) backend does not manage or unmanage existing storage; the file backend does.")
    }
}

/// A backend's capacity, in GiB.
package struct BackendCapacity: Sendable, Equatable {
    package var totalGB: Double
    package var freeGB: Double
    package var thinProvisioning: Bool

    package init(totalGB: Double, freeGB: Double, thinProvisioning: Bool) {
        self.totalGB = totalGB
        self.freeGB = freeGB
        self.thinProvisioning = thinProvisioning
    }
}
