import EmberModel
import Foundation
import Hummingbird
import Logging

/// `POST /volumes/{id}/action`: extend, the admin's reset-status and force-delete, bootable and
/// read-only flags. Volume metadata routes are registered here too.
struct VolumeActionRoutes {
    static let actions: Set<String> = [
        "os-extend", "os-reset_status", "os-force_delete", "os-set_bootable", "os-update_readonly_flag", "revert", "os-retype",
        "os-volume_upload_image", "os-reimage", "os-extend_volume_completion", "os-unmanage",
    ]

    let service: VolumeAPI
    let attachments: AttachmentAPI
    var lookup: Lookup { service.lookup }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.post("\(prefix)/volumes/:volume_id/action", use: action)
        }
        MetadataRoutes(
            collection: "volumes", parameter: "volume_id", resource: "volume",
            read: { id, caller in try await lookup.volume(id, caller).metadata },
            edit: { id, caller, edit, expectedTag in
                try await service.editMetadata(try await lookup.volume(id, caller), edit, expectedTag: expectedTag)
            },
            tagged: { $0 >= .metadataETag }
        ).register(on: router)
    }

    @Sendable func action(_ request: Request, _ context: APIContext) async throws -> Response {
        let action = try await VolumeAction.read(request, allowed: Self.actions.union(LegacyAttachActions.names))
        let caller =
            switch action.name {
            case "os-reset_status", "os-force_delete":
                try ProjectScope.admin(context, action: "volume_extension:volume_admin_actions:\(action.name.dropFirst(3))")
            case "os-update_readonly_flag": try ProjectScope.caller(context, "volume:update_readonly_flag")
            case "os-extend": try ProjectScope.caller(context, "volume:extend")
            case "revert": try ProjectScope.caller(context, "volume:revert_to_snapshot")
            case "os-set_bootable": try ProjectScope.caller(context, "volume:update")
            case "os-retype": try ProjectScope.caller(context, "volume:retype")
            case "os-volume_upload_image": try ProjectScope.caller(context, "volume_extension:volume_actions:upload_image")
            case "os-reimage": try ProjectScope.caller(context, "volume:reimage")
            case "os-extend_volume_completion": try ProjectScope.admin(context, action: "volume_extension:volume_admin_actions:extend_volume_completion")
            case "os-unmanage": try ProjectScope.admin(context, action: "volume_extension:volume_unmanage")
            default: try ProjectScope.caller(context, "volume_extension:volume_actions:\(action.name.dropFirst(3))")
            }
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), caller)
        if LegacyAttachActions.names.contains(action.name) {
            return try await LegacyAttachActions(service: attachments).run(action, on: volume, caller: caller)
        }
        switch action.name {
        case "os-extend":
            try FieldError.rejectUnknown(action.arguments, allowed: ["new_size"], in: action.name)
            guard let newSize = try FieldError.positiveInteger(action.arguments, "new_size") else {
                throw Fault.badRequest("Invalid input for field/attribute os-extend. 'new_size' is a required property.")
            }
            try await service.extend(volume, to: newSize, caller: caller, logger: context.logger)
        case "revert":
            guard context.version >= .revertToSnapshot else { throw Fault.badRequest("There is no such action: revert") }
            guard let raw = try FieldError.string(action.arguments, "snapshot_id") else {
                throw Fault.badRequest("Invalid input for field/attribute revert. 'snapshot_id' is a required property.")
            }
            try await service.revert(volume, to: try await lookup.snapshot(raw, caller), caller: caller, logger: context.logger)
        case "os-reset_status":
            try await service.resetStatus(volume, to: try action.status(VolumeStatus.self, allowed: VolumeLifecycle.resettable))
        case "os-force_delete":
            try await service.delete(volume, force: true, caller: caller, logger: context.logger)
        case "os-unmanage":
            try await service.delete(volume, force: false, unmanage: true, caller: caller, logger: context.logger)
        case "os-retype":
            try await retype(action, volume, caller)
        case "os-volume_upload_image":
            throw Fault.badRequest("Invalid input received: Ember has no image service to upload volume \(volume.id.key) to.")
        case "os-reimage":
            guard context.version >= .reimage else { throw Fault.badRequest("There is no such action: os-reimage") }
            throw Fault.badRequest("Invalid input received: Ember has no image service to reimage volume \(volume.id.key) from.")
        case "os-extend_volume_completion":
            // Nova's answer to an extend of an attached volume (3.71); Ember extends only available
            // volumes (3.42 is not honoured), so no volume ever waits for one.
            guard context.version >= .extendVolumeCompletion else { throw Fault.badRequest("There is no such action: os-extend_volume_completion") }
            throw Fault.badRequest("Invalid volume: Volume \(volume.id.key) is not waiting for an extend completion.")
        case "os-set_bootable":
            try await service.setFlags(volume, bootable: try action.flag("bootable"))
            return JSONResponse.empty(.ok)
        default:
            try await service.setFlags(volume, readonly: try action.flag("readonly"))
        }
        return JSONResponse.empty(.accepted)
    }

    /// `os-retype`: `new_type` (a name or id) and `migration_policy` (`never` or `on-demand`; Ember
    /// retypes on the volume's own backend either way).
    private func retype(_ action: VolumeAction, _ volume: Volume, _ caller: CallContext) async throws {
        try FieldError.rejectUnknown(action.arguments, allowed: ["new_type", "migration_policy"], in: action.name)
        guard let name = try FieldError.string(action.arguments, "new_type") else {
            throw Fault.badRequest("Invalid input for field/attribute os-retype. 'new_type' is a required property.")
        }
        let policy = try FieldError.string(action.arguments, "migration_policy") ?? "never"
        guard ["never", "on-demand"].contains(policy) else {
            throw FieldError.invalid("migration_policy", .string(policy), "is not one of ['on-demand', 'never']")
        }
        try await service.retype(volume, to: try await lookup.volumeType(name, caller), caller: caller)
    }
}
