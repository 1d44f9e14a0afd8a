import EmberModel
import EmberRPC
import EmberStore
import Foundation
import Logging

/// The volume operations of the block storage API between the HTTP routes and the store and RPC
/// (Cinder's `volume/api.py`): each checks, writes with a conditional update or a checked insert,
/// casts to the scheduler or the volume's host, and rolls back when the cast cannot be sent.
struct VolumeAPI: Sendable {
    let store: any Store
    let scheduler: SchedulerRPC
    let volumes: VolumeRPC
    let defaultAvailabilityZone: String
    /// Makes the keys of encrypted volumes; without one, volumes of an encrypted type are refused.
    var keyManager: (any KeyManager)?
    var lookup: Lookup { Lookup(store: store) }

    /// Inserts the volume (quota and source checked in the insert's transaction) and asks a scheduler
    /// to place it; an unreachable scheduler leaves it in error.
    func create(_ input: VolumeCreateRequest, caller: CallContext, logger: Logger) async throws -> (volume: Volume, type: VolumeType) {
        let (new, type) = try await newVolume(input, caller)
        let volume = try await store.insertVolume(new, sizeGiven: input.sizeGB != nil)
        try await Dispatch(store: store, logger: logger).send(
            "volume \(volume.id.key): scheduler unreachable",
            { try await scheduler.createVolume(try await store.placementRequest(for: volume, type: type), context: caller) },
            rollback: { try await store.apply(.schedulingFailed, toVolume: volume.id) },
            unavailable: "The scheduler is unavailable; volume \(volume.id.key) was set to error.")
        return (volume, type)
    }

    /// Applies the caller's edits (name, description, metadata).
    func update(_ volume: Volume, _ update: VolumeUpdate) async throws -> Volume {
        guard let updated = try await store.updateVolume(id: volume.id, update) else { throw Fault.volumeNotFound(volume.id.key) }
        return updated
    }

    /// Edits the metadata if it still has `expectedTag` (If-Match) and returns the new metadata.
    func editMetadata(_ volume: Volume, _ edit: MetadataEdit, expectedTag: String?) async throws -> [String: String] {
        var change = VolumeUpdate(metadata: edit)
        change.expectedMetadataTag = expectedTag
        return try await update(volume, change).metadata
    }

    /// Moves the volume to deleting if its status is in `allowed` (the deletable ones, or any settled
    /// one for a force delete) and nothing depends on it (with `cascade`, its snapshots go with it),
    /// then asks its host to remove it; the host removes the snapshots first.
    /// With `unmanage`, the data stays on the backend under `ExternalName.unmanaged(volume:)`.
    func delete(_ volume: Volume, force: Bool, cascade: Bool = false, unmanage: Bool = false, caller: CallContext, logger: Logger) async throws {
        try await lookup.refuseIfFrozen(volume)
        let request: VolumeEvent = force ? .forceDeleteRequested : .deleteRequested
        let owed = volume.host.map { WorkerRecord.volume(volume.id, .deleting, host: $0) }
        if unmanage {
            guard volume.encryptionKeyID == nil else { throw Fault.badRequest("Invalid volume: Unmanaging encrypted volumes is not supported.") }
            guard try await store.beginUnmanage(volumeID: volume.id, from: VolumeLifecycle.deletable) else {
                throw try await refusal(deleting: volume.id, allowed: VolumeLifecycle.deletable)
            }
        } else if cascade {
            try await store.beginCascadeDelete(volumeID: volume.id, from: VolumeLifecycle.sources(of: request))
        } else if try await !store.apply(request, toVolume: volume.id, recording: owed) {
            throw try await refusal(deleting: volume.id, allowed: VolumeLifecycle.sources(of: request))
        }
        guard let host = volume.host else {
            // Never placed: there is no backing store to remove.
            try await store.apply(.deleteSucceeded, toVolume: volume.id)
            return
        }
        try await Dispatch(store: store, logger: logger).send(
            "volume \(volume.id.key): volume service \(host) unreachable", work: unmanage || cascade ? owed : nil,
            { try await volumes.deleteVolume(volume.id, host: host, context: caller) },
            rollback: { try await store.apply(.deleteFailed, toVolume: volume.id) },
            unavailable: "The volume service \(host) is unavailable; volume \(volume.id.key) was set to error_deleting.")
    }

    /// `os-retype` without migration: the volume's own backend must satisfy the new type's extra specs
    /// (asked of it now); the type changes with a conditional update on the status. A type the backend
    /// cannot take is refused, since Ember does not migrate volumes between backends.
    func retype(_ volume: Volume, to type: VolumeType, caller: CallContext) async throws {
        guard [.available, .inUse].contains(volume.status) else {
            throw Fault.badRequest("Invalid volume: Volume status must be available or in-use, but current status is: \(volume.status.rawValue).")
        }
        guard type.id != volume.volumeTypeID else {
            throw Fault.badRequest("Invalid volume type: Retype requires a new volume type; the volume already has type \(type.name).")
        }
        guard try await (store.encryption(typeID: type.id) != nil) == (volume.encryptionKeyID != nil) else {
            throw Fault.badRequest("Invalid volume type: Retype between encrypted and unencrypted types needs a migration, and Ember does not migrate volumes.")
        }
        guard let host = volume.host else { throw Fault.volumeNotFound(volume.id.key) }
        let capabilities = try await volumes.getCapabilities(host: host, context: caller)
        guard capabilities.satisfies(type.extraSpecs) else {
            throw Fault.badRequest(
                "Invalid volume type: Volume type \(type.name) needs another backend than \(VolumeHost.backend(of: host)), and Ember does not migrate volumes."
            )
        }
        guard try await store.retypeVolume(id: volume.id, from: [.available, .inUse], to: type.id) else {
            throw Fault.badRequest("Invalid volume: Volume \(volume.id.key) changed status while being retyped.")
        }
    }

    /// The admin's `os-reset_status`: any settled status to any settled status.
    func resetStatus(_ volume: Volume, to status: VolumeStatus) async throws {
        guard try await store.apply(.statusReset(status), toVolume: volume.id) else {
            throw Fault.volumeNotFound(volume.id.key)
        }
    }

    func setFlags(_ volume: Volume, bootable: Bool? = nil, readonly: Bool? = nil) async throws {
        _ = try await store.updateVolume(id: volume.id, VolumeUpdate(bootable: bootable, readonly: readonly))
    }

    /// Reserves the larger size (quota) with the move to extending, then lets the scheduler re-check
    /// the host's capacity; the volume service grows the backing store.
    func extend(_ volume: Volume, to newSize: Int, caller: CallContext, logger: Logger) async throws {
        guard newSize > volume.sizeGB else {
            throw Fault.invalidInput("New size for extend must be greater than current size. (current: \(volume.sizeGB), extended: \(newSize)).")
        }
        guard try await store.beginExtend(id: volume.id, toSizeGB: newSize) else {
            let status = try await store.volume(id: volume.id)?.status.rawValue ?? "deleted"
            throw Fault.badRequest("Invalid volume: Volume status must be available to extend, but current status is: \(status).")
        }
        try await Dispatch(store: store, logger: logger).send(
            "extend \(volume.id.key): scheduler unreachable", { try await scheduler.extendVolume(volume.id, context: caller) },
            rollback: { try await store.finishExtend(id: volume.id, .extendRefused) },
            unavailable: "The scheduler is unavailable; volume \(volume.id.key) was not extended.")
    }

    /// Rewrites the volume with its newest snapshot (3.40): both move to transitional statuses in one
    /// transaction, then the volume's host copies the snapshot back.
    func revert(_ volume: Volume, to snapshot: Snapshot, caller: CallContext, logger: Logger) async throws {
        try await store.beginRevert(volumeID: volume.id, snapshotID: snapshot.id)
        try await Dispatch(store: store, logger: logger).send(
            "revert \(volume.id.key): volume service unreachable", work: volume.host.map { .volume(volume.id, .reverting, host: $0) },
            {
                guard let host = volume.host else { throw Fault.volumeNotFound(volume.id.key) }
                try await volumes.revertToSnapshot(volume.id, snapshotID: snapshot.id, host: host, context: caller)
            },
            rollback: { try await store.finishRevert(volumeID: volume.id, snapshotID: snapshot.id, succeeded: false) },
            unavailable: "The volume service is unavailable; volume \(volume.id.key) was set to error.")
    }

    /// Why a delete lost its conditional update: the volume is gone, in a status that forbids it, or
    /// something depends on it.
    private func refusal(deleting id: UUID, allowed: Set<VolumeStatus>) async throws -> Fault {
        guard let current = try await store.volume(id: id) else { return Fault.volumeNotFound(id.key) }
        guard allowed.contains(current.status) else {
            let names = allowed.map(\.rawValue).sorted().joined(separator: " or ")
            return Fault.badRequest("Invalid volume: Volume status must be \(names), but current status is: \(current.status.rawValue).")
        }
        let dependents = try await store.dependents(ofVolume: id)
        if dependents.snapshots > 0 {
            return Fault.badRequest("Invalid volume: Volume still has \(dependents.snapshots) dependent snapshots.")
        }
        return Fault.badRequest("Invalid volume: Volume \(id.key) is the source of a volume being created.")
    }
}
