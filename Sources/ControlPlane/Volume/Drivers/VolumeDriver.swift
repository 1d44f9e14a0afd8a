import Foundation

/// A backend that holds volumes: files in a directory, logical volumes in a volume group.
///
/// Every operation is idempotent, because a message may be delivered twice and a service may be
/// restarted half-way: creating what exists with the same size succeeds, deleting what is gone succeeds.
public protocol VolumeDriver: Sendable {
    /// The backend name reported to the scheduler (`volume_backend_name`).
    var backendName: String { get }
    /// Checks that the backend can work (directory writable, volume group present) before serving.
    func checkSetup() throws
    func createVolume(id: UUID, sizeGB: Int) async throws
    func deleteVolume(id: UUID) async throws
    /// The volumes whose backing store exists, for recovery.
    func existingVolumes() throws -> Set<UUID>
    /// Capacity figures for the scheduler.
    func capacity() throws -> BackendCapacity
}

/// A backend's capacity, in GiB.
public struct BackendCapacity: Sendable, Equatable {
    public var totalGB: Double
    public var freeGB: Double
    public var thinProvisioning: Bool

    public init(totalGB: Double, freeGB: Double, thinProvisioning: Bool) {
        self.totalGB = totalGB
        self.freeGB = freeGB
        self.thinProvisioning = thinProvisioning
    }
}

/// Sizes in the control plane are whole GiB, as in Cinder.
public enum GiB {
    public static let bytes: UInt64 = 1 << 30
}
