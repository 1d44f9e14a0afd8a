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
            let instance = try FieldError.string(action.arguments, "instance_uuid")
            let mountpoint = try FieldError.string(action.arguments, "mountpoint")
            let hostName = try FieldError.string(action.arguments, "host_name")
            let mode = try FieldError.string(action.arguments, "mode") ?? "rw"
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
            let wanted = try FieldError.string(action.arguments, "attachment_id").flatMap(UUID.init(key:))
            try await service.apply(.detachFinished, on: volume, only: wanted)
        default:  // os-terminate_connection
            try await service.terminateConnection(volume, caller: caller)
        }
        return JSONResponse.empty(.accepted)
    }
}
