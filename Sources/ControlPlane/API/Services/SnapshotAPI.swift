import EmberModel
import EmberRPC
import EmberStore
import Foundation
import Logging

/// The snapshot operations of the block storage API between the HTTP routes and the store and RPC:
/// a checked insert or a conditional update, then a cast to the volume's host, rolled back to an
/// error status when the cast cannot be sent.
struct SnapshotAPI: Sendable {
    let store: any Store
    let volumes: VolumeRPC
    var lookup: Lookup { Lookup(store: store) }

    /// Inserts a snapshot of `volume` (its status and the quota checked in the insert's transaction;
    /// `force` takes an in-use volume too, crash-consistent as in Cinder) and asks its host to take it.
    /// With `managing`, the snapshot takes that backing store instead of copying the volume.
    func create(
        _ input: SnapshotCreateRequest, of volume: Volume, groupSnapshot: UUID? = nil, managing: ManageableStore? = nil,
        caller: CallContext, logger: Logger
    ) async throws -> Snapshot {
        try await lookup.refuseIfFrozen(volume)
        guard let host = volume.host else {
            throw Fault.badRequest("Invalid volume: Volume \(volume.id.key) status must be available, but current status is: \(volume.status.rawValue).")
        }
        var snapshot = Snapshot(
            projectID: caller.projectID, userID: caller.userID, volumeID: volume.id, name: input.name,
            description: input.description, sizeGB: volume.sizeGB, metadata: input.metadata)
        snapshot.groupSnapshotID = groupSnapshot
        if let managing {
            snapshot.externalName = managing.name
            snapshot.sizeGB = managing.sizeGB
        }
        snapshot = try await store.insertSnapshot(snapshot, volumeStatuses: VolumeLifecycle.readable.union(input.force ? [.inUse] : []))
        try await Dispatch(store: store, logger: logger).send(
            "snapshot \(snapshot.id.key): volume service \(host) unreachable", work: .snapshot(snapshot.id, .creating, host: host),
            { try await volumes.createSnapshot(snapshot.id, host: host, context: caller) },
            rollback: { try await store.apply(.createFailed, toSnapshot: snapshot.id) },
            unavailable: "The volume service \(host) is unavailable; snapshot \(snapshot.id.key) was set to error.")
        return snapshot
    }

    /// Applies the caller's edits (name, description, metadata).
    func update(_ snapshot: Snapshot, _ update: VolumeUpdate) async throws -> Snapshot {
        guard let updated = try await store.updateSnapshot(id: snapshot.id, update) else {
            throw Fault.notFound("Snapshot \(snapshot.id.key) could not be found.")
        }
        return updated
    }

    /// The admin's `os-reset_status`.
    func resetStatus(_ snapshot: Snapshot, to status: SnapshotStatus) async throws {
        guard try await store.apply(.statusReset(status), toSnapshot: snapshot.id) else {
            throw Fault.notFound("Snapshot \(snapshot.id.key) could not be found.")
        }
    }

    /// Moves the snapshot to deleting if its status allows (any settled one for a force delete) and no
    /// volume is being made from it, then asks its volume's host to remove it.
    /// With `unmanage`, the data stays on the backend under `ExternalName.unmanaged(snapshot:)`.
    func delete(_ snapshot: Snapshot, force: Bool, unmanage: Bool = false, caller: CallContext, logger: Logger) async throws {
        let request: SnapshotEvent = force ? .forceDeleteRequested : .deleteRequested
        let begun =
            unmanage
            ? try await store.beginUnmanage(snapshotID: snapshot.id, from: SnapshotStatus.deletable)
            : try await store.apply(request, toSnapshot: snapshot.id)
        guard begun else {
            throw try await refusal(deleting: snapshot.id, allowed: SnapshotLifecycle.sources(of: request))
        }
        guard let host = try await store.volume(id: snapshot.volumeID)?.host else {
            try await store.apply(.deleteSucceeded, toSnapshot: snapshot.id)
            return
        }
        try await Dispatch(store: store, logger: logger).send(
            "snapshot \(snapshot.id.key): volume service \(host) unreachable", work: .snapshot(snapshot.id, .deleting, host: host),
            { try await volumes.deleteSnapshot(snapshot.id, host: host, context: caller) },
            rollback: { try await store.apply(.deleteFailed, toSnapshot: snapshot.id) },
            unavailable: "The volume service \(host) is unavailable; snapshot \(snapshot.id.key) was set to error_deleting.")
    }

    private func refusal(deleting id: UUID, allowed: Set<SnapshotStatus>) async throws -> Fault {
        guard let current = try await store.snapshot(id: id) else { return Fault.notFound("Snapshot \(id.key) could not be found.") }
        guard allowed.contains(current.status) else {
            return Fault.badRequest(
                "Invalid snapshot: Snapshot status must be available or error and must not be part of a group, but current status is: \(current.status.rawValue)."
            )
        }
        return Fault.badRequest("Invalid snapshot: Snapshot \(id.key) is the source of a volume being created.")
    }
}
