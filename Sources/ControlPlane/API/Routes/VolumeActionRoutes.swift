import EmberModel
import EmberStore
import Foundation
import Hummingbird
import Logging
import EmberRPC

/// `POST /volumes/{id}/action`: extend, the admin's reset-status and force-delete, bootable and
/// read-only flags. Volume metadata routes are registered here too.
struct VolumeActionRoutes {
    static let actions: Set<String> = ["os-extend", "os-reset_status", "os-force_delete", "os-set_bootable", "os-update_readonly_flag", "revert"]

    let volumeRoutes: VolumeRoutes
    var store: any Store { volumeRoutes.store }
    var lookup: Lookup { volumeRoutes.lookup }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.post("\(prefix)/volumes/:volume_id/action", use: action)
        }
        MetadataRoutes(
            collection: "volumes", parameter: "volume_id", resource: "volume",
            read: { id, caller in try await lookup.volume(id, caller).metadata },
            edit: { id, caller, edit, expectedTag in
                let volume = try await lookup.volume(id, caller)
                var update = VolumeUpdate(metadata: edit)
                update.expectedMetadataTag = expectedTag
                guard let updated = try await store.updateVolume(id: volume.id, update) else {
                    throw Fault.volumeNotFound(id)
                }
                return updated.metadata
            },
            tagged: { $0 >= .metadataETag }
        ).register(on: router)
    }

    @Sendable func action(_ request: Request, _ context: APIContext) async throws -> Response {
        let action = try await VolumeAction.read(request, allowed: Self.actions.union(LegacyAttachActions.names))
        let caller = switch action.name {
        case "os-reset_status", "os-force_delete":
            try ProjectScope.admin(context, action: "volume_extension:volume_admin_actions:\(action.name.dropFirst(3))")
        case "os-update_readonly_flag": try ProjectScope.caller(context, "volume:update_readonly_flag")
        case "os-extend": try ProjectScope.caller(context, "volume:extend")
        case "revert": try ProjectScope.caller(context, "volume:revert_to_snapshot")
        case "os-set_bootable": try ProjectScope.caller(context, "volume:update")
        default: try ProjectScope.caller(context, "volume_extension:volume_actions:\(action.name.dropFirst(3))")
        }
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), caller)
        if LegacyAttachActions.names.contains(action.name) {
            return try await LegacyAttachActions(store: store, volumes: volumeRoutes.volumes).run(action, on: volume, caller: caller)
        }
        switch action.name {
        case "os-extend": try await extend(volume, action, context, caller)
        case "revert": try await revert(volume, action, context, caller)
        case "os-reset_status":
            let status = try action.status(VolumeStatus.self, allowed: VolumeLifecycle.resettable)
            guard try await store.transitionVolume(id: volume.id, from: VolumeLifecycle.resettable, to: status) else {
                throw Fault.volumeNotFound(volume.id.key)
            }
        case "os-force_delete":
            try await volumeRoutes.delete(volume, from: VolumeLifecycle.resettable, context: context, caller: caller)
        case "os-set_bootable":
            _ = try await store.updateVolume(id: volume.id, VolumeUpdate(bootable: try action.flag("bootable")))
            return JSONResponse.empty(.ok)
        default:
            _ = try await store.updateVolume(id: volume.id, VolumeUpdate(readonly: try action.flag("readonly")))
        }
        return JSONResponse.empty(.accepted)
    }

    /// Rewrites the volume with its newest snapshot (3.40): both move to transitional statuses in one
    /// transaction, then the volume's host copies the snapshot back.
    private func revert(_ volume: Volume, _ action: VolumeAction, _ context: APIContext, _ caller: CallContext) async throws {
        guard context.version >= .revertToSnapshot else { throw Fault.badRequest("There is no such action: revert") }
        guard let raw = try FieldError.string(action.arguments, "snapshot_id") else {
            throw Fault.badRequest("Invalid input for field/attribute revert. 'snapshot_id' is a required property.")
        }
        let snapshot = try await lookup.snapshot(raw, caller)
        try await store.beginRevert(volumeID: volume.id, snapshotID: snapshot.id)
        do {
            guard let host = volume.host else { throw Fault.volumeNotFound(volume.id.key) }
            try await volumeRoutes.volumes.revertToSnapshot(volume.id, snapshotID: snapshot.id, host: host, context: caller)
        } catch {
            context.logger.error("revert \(volume.id.key): volume service unreachable: \(error)")
            try await store.finishRevert(volumeID: volume.id, snapshotID: snapshot.id, succeeded: false)
            throw Fault(.unavailable, "The volume service is unavailable; volume \(volume.id.key) was set to error.")
        }
    }

    /// Reserves the larger size (quota) with the move to extending, then lets the scheduler re-check the
    /// host's capacity; the volume service grows the backing store.
    private func extend(_ volume: Volume, _ action: VolumeAction, _ context: APIContext, _ caller: CallContext) async throws {
        guard let newSize = try FieldError.positiveInteger(action.arguments, "new_size") else {
            throw Fault.badRequest("Invalid input for field/attribute os-extend. 'new_size' is a required property.")
        }
        guard newSize > volume.sizeGB else {
            throw Fault.invalidInput("New size for extend must be greater than current size. (current: \(volume.sizeGB), extended: \(newSize)).")
        }
        guard try await store.beginExtend(id: volume.id, toSizeGB: newSize) else {
            let status = try await store.volume(id: volume.id)?.status.rawValue ?? "deleted"
            throw Fault.badRequest("Invalid volume: Volume status must be available to extend, but current status is: \(status).")
        }
        do {
            try await volumeRoutes.scheduler.extendVolume(volume.id, context: caller)
        } catch {
            context.logger.error("extend \(volume.id.key): scheduler unreachable: \(error)")
            try await store.finishExtend(id: volume.id, .extendRefused)
            throw Fault(.unavailable, "The scheduler is unavailable; volume \(volume.id.key) was not extended.")
        }
    }
}
