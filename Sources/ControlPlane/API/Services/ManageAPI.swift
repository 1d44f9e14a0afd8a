import EmberModel
import EmberRPC
import EmberStore
import Foundation
import Logging

/// Manage-existing (Cinder's `manage_existing` and `manage_existing_snapshot`): a backing store Ember
/// did not make becomes a volume or a snapshot. The volume service is asked first for the store's
/// size and pool, so a reference to nothing is refused at once; the insert checks the quota, and the
/// cast has the volume service take the store under Ember's name. Unmanage is the delete's other
/// ending (`VolumeAPI.delete(unmanage:)`, `SnapshotAPI.delete(unmanage:)`).
struct ManageAPI: Sendable {
    let volumes: VolumeAPI
    let snapshots: SnapshotAPI
    var store: any Store { volumes.store }

    /// What a volume manage asks for (Cinder's `volume_manage_create` schema).
    struct VolumeRequest {
        var host: String
        var reference: [String: String]?
        var name: String?
        var description: String?
        var volumeType: String?
        var availabilityZone: String?
        var metadata: [String: String]
        var bootable: Bool
    }

    func manage(_ input: VolumeRequest, caller: CallContext, logger: Logger) async throws -> Volume {
        let name = try ExternalName.sourceName(in: input.reference)
        let service = try await volumeService(input.host)
        let type = try await type(input.volumeType, caller)
        guard try await store.encryption(typeID: type.id) == nil else {
            throw Fault.badRequest("Invalid volume type: Managing to an encrypted volume type is not supported.")
        }
        let found = try await volumes.volumes.inspectManageable(name, host: service.host, context: caller)
        var volume = Volume(
            projectID: caller.projectID, userID: caller.userID, name: input.name, description: input.description, sizeGB: found.sizeGB,
            availabilityZone: input.availabilityZone ?? service.availabilityZone, volumeTypeID: type.id, host: found.host,
            bootable: input.bootable, multiattach: type.isMultiattach, metadata: input.metadata)
        volume.externalName = name
        volume = try await store.insertVolume(volume, sizeGiven: true)
        try await Dispatch(store: store, logger: logger).send(
            "volume \(volume.id.key): volume service \(found.host) unreachable", work: .volume(volume.id, .creating, host: found.host),
            { try await volumes.volumes.createVolume(volume.id, host: found.host, context: caller) },
            rollback: { try await store.apply(.createFailed, toVolume: volume.id) },
            unavailable: "The volume service \(found.host) is unavailable; volume \(volume.id.key) was set to error.")
        return volume
    }

    /// A snapshot of `volume` made of the backing store its reference names.
    func manage(
        _ input: SnapshotCreateRequest, of volume: Volume, reference: [String: String]?, caller: CallContext, logger: Logger
    ) async throws -> Snapshot {
        let name = try ExternalName.sourceName(in: reference)
        guard let host = volume.host else { throw Fault.badRequest("Invalid volume: Volume \(volume.id.key) is on no host yet.") }
        let found = try await volumes.volumes.inspectManageable(name, host: host, context: caller)
        return try await snapshots.create(input, of: volume, managing: found, caller: caller, logger: logger)
    }

    private func type(_ requested: String?, _ caller: CallContext) async throws -> VolumeType {
        guard let requested else { return try await store.defaultVolumeType() }
        do {
            return try await volumes.lookup.volumeType(requested, caller)
        } catch let fault as Fault where fault.kind == .notFound {
            throw Fault.badRequest("Invalid volume type: Cannot find requested '\(requested)' volume type")
        }
    }

    /// The volume service a manage names (`host@backend`, with or without `#pool`): it must be
    /// registered, as Cinder requires.
    private func volumeService(_ host: String) async throws -> ServiceRecord {
        let services = try await store.services().filter { $0.binary == ServiceRecord.Binary.volume }
        guard let service = services.first(where: { VolumeHost.backend(of: host) == $0.host }) else {
            throw Fault.notFound("Host '\(host)' not found.")
        }
        return service
    }
}
