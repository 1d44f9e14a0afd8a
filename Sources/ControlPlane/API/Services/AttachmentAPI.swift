import EmberModel
import EmberRPC
import EmberStore
import Foundation

/// The attachment operations of the block storage API between the HTTP routes and the store and RPC:
/// reserve a volume for a host, export it for the host's connector, complete, detach. Each attachment
/// move is a conditional update that also sets the volume's status from its live attachments.
struct AttachmentAPI: Sendable {
    let store: any Store
    let volumes: VolumeRPC
    var lookup: Lookup { Lookup(store: store) }

    /// Reserves `volume` and, with a connector, exports it; a failed export undoes the reservation too,
    /// so the volume is back where it was. Returns the attachment as stored and the connection, if any.
    func create(
        _ attachment: Attachment, of volume: Volume, connector: Connector?, caller: CallContext
    ) async throws -> (Attachment, ConnectionInfo?) {
        try await store.insertAttachment(attachment, multiattach: try await multiattach(volume))
        var info: ConnectionInfo?
        if let connector {
            do {
                info = try await connect(attachment.id, volume: volume, connector: connector, mode: attachment.mode, caller: caller)
            } catch {
                try await store.apply(.removed, toAttachment: attachment.id, change: { _ in })
                throw error
            }
        }
        return (try await store.attachment(id: attachment.id) ?? attachment, info)
    }

    /// Exports the volume for `connector` first; only an export that worked moves the attachment to
    /// attaching, so a failed export leaves every status as it was.
    func connect(_ id: UUID, volume: Volume, connector: Connector, mode: String, caller: CallContext) async throws -> ConnectionInfo {
        let info = try await initializeConnection(volume, connector: connector, mode: mode, caller: caller)
        let text = String(decoding: try JSONEncoder().encode(connector), as: UTF8.self)
        guard
            try await store.apply(
                .connected, toAttachment: id,
                change: {
                    $0.connector = text
                    $0.attachedHost = connector.host
                })
        else {
            throw Fault.badRequest("Invalid attachment: Attachment \(id.key) is no longer reserved.")
        }
        return info
    }

    /// Asks the volume's host to export it (a call: the caller waits for the target).
    func initializeConnection(_ volume: Volume, connector: Connector, mode: String, caller: CallContext) async throws -> ConnectionInfo {
        guard let host = volume.host else { throw Fault.badRequest("Invalid volume: Volume \(volume.id.key) has no host yet.") }
        return try await volumes.initializeConnection(volume.id, connector: connector, mode: mode, host: host, context: caller)
    }

    /// `os-complete` (3.44): the host has connected; the volume is in-use.
    func complete(_ attachment: Attachment) async throws {
        guard try await store.apply(.completed, toAttachment: attachment.id, change: { _ in }) else {
            throw Fault.badRequest(
                "Invalid attachment: Attachment \(attachment.id.key) status must be attaching to complete, but it is \(attachment.status.rawValue).")
        }
    }

    /// Detaches: removes the export when this was the volume's last attachment (a target that already
    /// vanished is fine), then the attachment. Returns the volume's remaining attachments.
    func detach(_ attachment: Attachment, from volume: Volume, caller: CallContext) async throws -> [Attachment] {
        let others = try await store.attachments(projectID: nil, volumeID: volume.id).filter { $0.id != attachment.id }
        if others.isEmpty, attachment.connector != nil { try await terminateConnection(volume, caller: caller) }
        guard try await store.apply(.removed, toAttachment: attachment.id, change: { _ in }) else {
            throw Fault.notFound("Attachment \(attachment.id.key) could not be found.")
        }
        return others
    }

    /// Removes the volume's export on its host, if it has one.
    func terminateConnection(_ volume: Volume, caller: CallContext) async throws {
        if let host = volume.host { try await volumes.terminateConnection(volume.id, host: host, context: caller) }
    }

    /// Reserves a volume the way Nova's old `os-reserve` does: an attachment with no instance yet.
    func reserve(_ volume: Volume) async throws {
        try await store.insertAttachment(Attachment(volumeID: volume.id, projectID: volume.projectID, instanceID: nil), multiattach: volume.multiattach)
    }

    /// Applies `event` to the volume's newest attachment it may happen to (or the one named); a bad
    /// request when there is none.
    func apply(
        _ event: AttachmentEvent, on volume: Volume, only: UUID? = nil,
        change: @escaping @Sendable (inout Attachment) -> Void = { _ in }
    ) async throws {
        let from = AttachmentLifecycle.sources(of: event)
        let candidates = try await store.attachments(projectID: nil, volumeID: volume.id)
            .filter { from.contains($0.status) && (only == nil || $0.id == only) }
        for attachment in candidates where try await store.apply(event, toAttachment: attachment.id, change: change) {
            return
        }
        throw Fault.badRequest(
            "Invalid volume: Volume \(volume.id.key) has no attachment that is \(from.map(\.rawValue).sorted().joined(separator: " or ")) (its status is \(volume.status.rawValue))."
        )
    }

    /// A volume may take several attachments when it or its type says so (`multiattach="<is> True"`).
    private func multiattach(_ volume: Volume) async throws -> Bool {
        if volume.multiattach { return true }
        return try await store.volumeType(volume.volumeTypeID.key)?.isMultiattach ?? false
    }
}
