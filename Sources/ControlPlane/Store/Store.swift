import Foundation

/// The control plane's shared database, as the services see it.
///
/// Two implementations stand behind it (SQLite for the embedded default, PostgreSQL for distributed
/// mode); one conformance suite runs against both. Every status change is a conditional update on the
/// current status, and a host is claimed for a volume in the same transaction that checks its capacity.
public protocol Store: Sendable {
    /// Brings the schema to the newest version; safe to run again.
    func migrate() async throws
    /// The applied migrations, oldest first.
    func appliedMigrations() async throws -> [String]

    // MARK: Services
    func registerService(_ service: ServiceRecord) async throws
    func recordHeartbeat(host: String, binary: String, at date: Date) async throws
    func services() async throws -> [ServiceRecord]

    // MARK: Volume types
    func volumeTypes() async throws -> [VolumeType]
    /// A type by id or by name.
    func volumeType(_ idOrName: String) async throws -> VolumeType?
    func defaultVolumeType() async throws -> VolumeType

    // MARK: Volumes
    func insertVolume(_ volume: Volume) async throws
    /// A volume that is not deleted.
    func volume(id: UUID) async throws -> Volume?
    func volumes(matching query: VolumeQuery) async throws -> [Volume]
    /// Applies user edits to a live volume; nil when there is none.
    func updateVolume(id: UUID, _ update: VolumeUpdate) async throws -> Volume?
    /// Compare-and-swap on the status: moves the volume to `to` only if its status is in `from`.
    func transitionVolume(id: UUID, from: Set<VolumeStatus>, to: VolumeStatus) async throws -> Bool
    /// Live volumes (not deleted) held by `host`, for recovery.
    func volumes(onHost host: String) async throws -> [Volume]
    /// Volumes still `creating` that no scheduler has placed yet, for recovery.
    func unplacedVolumes() async throws -> [Volume]

    // MARK: Capacity
    /// Sum of the sizes of the live volumes placed on each host.
    func allocatedCapacityGB() async throws -> [String: Int]
    /// In one transaction: reads `host`'s allocated capacity, asks `admits` whether the volume fits,
    /// and if so places the still-unplaced, still-creating volume there. Returns whether it did.
    func claimHost(
        volumeID: UUID, host: String, admits: @Sendable (_ allocatedGB: Int) -> Bool
    ) async throws -> Bool
}
