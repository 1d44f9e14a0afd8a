import EmberModel
import Foundation
import Hummingbird

/// The volume actions Nova sent before the attachments API, on the same attachment records:
/// `os-reserve`, `os-unreserve`, `os-initialize_connection`, `os-attach`, `os-begin_detaching`,
/// `os-roll_detaching`, `os-detach`, `os-terminate_connection`.
struct LegacyAttachActions {
    static let names: Set<String> = [
        "os-reserve", "os-unreserve", "os-initialize_connection", "os-attach", "os-begin_detaching",
        "os-roll_detaching", "os-detach", "os-terminate_connection",
    ]

    let service: AttachmentAPI

    func run(_ action: VolumeAction, on volume: Volume, caller: CallContext) async throws -> Response {
        switch action.name {
        case "os-reserve":
            try await service.reserve(volume)
        case "os-unreserve":
            try await service.apply(.unreserved, on: volume)
        case "os-initialize_connection":
            guard let connector = try AttachmentRoutes.connector(action.arguments) else {
                throw Fault.badRequest("Invalid input for field/attribute os-initialize_connection. 'connector' is a required property.")
            }
            let info = try await service.initializeConnection(volume, connector: connector, mode: "rw", caller: caller)
            return JSONResponse.make(.ok, ["connection_info": AttachmentView.connectionInfo(info)])
        case "os-attach":
            // Cinder's `attach` schema: a mountpoint, and an instance or a host.
            try FieldError.rejectUnknown(action.arguments, allowed: ["instance_uuid", "mountpoint", "host_name", "mode"], in: action.name)
            try FieldError.requireOne(of: ["instance_uuid", "host_name"], in: action.arguments, action.name)
            let instance = try FieldError.uuid(action.arguments, "instance_uuid")
            guard let mountpoint = try FieldError.string(action.arguments, "mountpoint"), !mountpoint.isEmpty else {
                throw Fault.badRequest("Invalid input for field/attribute os-attach. 'mountpoint' is a required property.")
            }
            let hostName = try FieldError.string(action.arguments, "host_name")
            let mode = try FieldError.string(action.arguments, "mode") ?? "rw"
            guard ["rw", "ro"].contains(mode) else { throw FieldError.invalid("mode", .string(mode), "is not one of ['rw', 'ro']") }
            try await service.apply(.attachedDirectly, on: volume) {
                $0.instanceID = instance ?? $0.instanceID
                $0.mountpoint = mountpoint
                $0.attachedHost = hostName ?? $0.attachedHost
                $0.mode = mode
            }
        case "os-begin_detaching":
            try await service.apply(.detachBegun, on: volume)
        case "os-roll_detaching":
            try await service.apply(.detachRolledBack, on: volume)
        case "os-detach":
            try FieldError.rejectUnknown(action.arguments, allowed: ["attachment_id"], in: action.name)
            let wanted = try FieldError.uuid(action.arguments, "attachment_id").flatMap(UUID.init(key:))
            try await service.apply(.detachFinished, on: volume, only: wanted)
        default:  // os-terminate_connection
            try await service.terminateConnection(volume, caller: caller)
        }
        return JSONResponse.empty(.accepted)
    }
}
