import EmberModel
import EmberRPC
import EmberStore
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

    let store: any Store
    let volumes: VolumeRPC

    func run(_ action: VolumeAction, on volume: Volume, caller: CallContext) async throws -> Response {
        switch action.name {
        case "os-reserve":
            try await store.insertAttachment(Attachment(volumeID: volume.id, projectID: volume.projectID, instanceID: nil), multiattach: volume.multiattach)
        case "os-unreserve":
            try await move(volume, from: [.reserved], to: .detached)
        case "os-initialize_connection":
            guard let connector = try AttachmentRoutes.connector(action.arguments) else {
                throw Fault.badRequest("Invalid input for field/attribute os-initialize_connection. 'connector' is a required property.")
            }
            guard let host = volume.host else { throw Fault.badRequest("Invalid volume: Volume \(volume.id.key) has no host yet.") }
            let info = try await volumes.initializeConnection(volume.id, connector: connector, mode: "rw", host: host, context: caller)
            return JSONResponse.make(.ok, ["connection_info": AttachmentView.connectionInfo(info)])
        case "os-attach":
            let instance = try FieldError.string(action.arguments, "instance_uuid")
            let mountpoint = try FieldError.string(action.arguments, "mountpoint")
            let hostName = try FieldError.string(action.arguments, "host_name")
            let mode = try FieldError.string(action.arguments, "mode") ?? "rw"
            try await move(volume, from: [.reserved, .attaching], to: .attached) {
                $0.instanceID = instance ?? $0.instanceID
                $0.mountpoint = mountpoint
                $0.attachedHost = hostName ?? $0.attachedHost
                $0.mode = mode
            }
        case "os-begin_detaching":
            try await move(volume, from: [.attached], to: .detaching)
        case "os-roll_detaching":
            try await move(volume, from: [.detaching], to: .attached)
        case "os-detach":
            let wanted = try FieldError.string(action.arguments, "attachment_id").flatMap(UUID.init(key:))
            try await move(volume, from: [.attached, .detaching], to: .detached, only: wanted)
        default:  // os-terminate_connection
            if let host = volume.host { try await volumes.terminateConnection(volume.id, host: host, context: caller) }
        }
        return JSONResponse.empty(.accepted)
    }

    /// Moves the volume's newest attachment in `from` (or the one named) to `to`; 400 when there is none.
    private func move(_ volume: Volume, from: Set<AttachmentStatus>, to: AttachmentStatus, only: UUID? = nil,
                      change: @escaping @Sendable (inout Attachment) -> Void = { _ in }) async throws {
        let candidates = try await store.attachments(projectID: nil, volumeID: volume.id)
            .filter { from.contains($0.status) && (only == nil || $0.id == only) }
        for attachment in candidates where try await store.transitionAttachment(id: attachment.id, from: from, to: to, change: change) {
            return
        }
        throw Fault.badRequest("Invalid volume: Volume \(volume.id.key) has no attachment that is \(from.map(\.rawValue).sorted().joined(separator: " or ")) (its status is \(volume.status.rawValue)).")
    }
}
