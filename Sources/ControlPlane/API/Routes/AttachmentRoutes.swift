import EmberModel
import EmberRPC
import EmberStore
import Foundation
import Hummingbird

/// `/attachments` (3.27; `os-complete` 3.44; `mode` 3.54): reserve a volume for a host, export it for
/// the host's connector, complete, and detach. The volume's status follows its attachments.
struct AttachmentRoutes {
    let service: AttachmentAPI
    var store: any Store { service.store }
    var lookup: Lookup { service.lookup }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.post("\(prefix)/attachments", use: create)
            router.get("\(prefix)/attachments", use: { try await list($0, $1, detailed: false) })
            router.get("\(prefix)/attachments/detail", use: { try await list($0, $1, detailed: true) })
            router.get("\(prefix)/attachments/:attachment_id", use: show)
            router.put("\(prefix)/attachments/:attachment_id", use: update)
            router.delete("\(prefix)/attachments/:attachment_id", use: delete)
            router.post("\(prefix)/attachments/:attachment_id/action", use: action)
        }
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try gate(context, .attachments, "volume:attachment_create")
        let body = try await RequestBody.object(request, required: "attachment")
        // Cinder's create schema (`mode` from 3.54): both ids are UUIDs, neither may be null.
        let keys: Set<String> =
            context.version >= .attachmentMode ? ["volume_uuid", "instance_uuid", "connector", "mode"] : ["volume_uuid", "instance_uuid", "connector"]
        try FieldError.rejectUnknown(body, allowed: keys, in: "attachment")
        for key in ["volume_uuid", "instance_uuid"] where body[key] == .null { throw FieldError.invalid(key, .null, "is not of type 'string'") }
        guard let volumeRaw = try FieldError.uuid(body, "volume_uuid") else {
            throw Fault.badRequest("Invalid input for field/attribute attachment. 'volume_uuid' is a required property.")
        }
        let volume = try await lookup.volume(volumeRaw, caller)
        let mode = try Self.mode(body, context)
        let attachment = Attachment(
            volumeID: volume.id, projectID: volume.projectID,
            instanceID: try FieldError.uuid(body, "instance_uuid"), mode: mode)
        let (current, info) = try await service.create(attachment, of: volume, connector: try Self.connector(body), caller: caller)
        return JSONResponse.make(.ok, ["attachment": AttachmentView.detail(current, connection: info)])
    }

    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try gate(context, .attachments, "volume:attachment_update")
        let body = try await RequestBody.object(request, required: "attachment")
        try FieldError.rejectUnknown(body, allowed: ["connector"], in: "attachment")
        guard let connector = try Self.connector(body) else {
            throw Fault.badRequest("Invalid input for field/attribute attachment. 'connector' is a required property.")
        }
        let attachment = try await find(context, caller)
        let volume = try await lookup.volume(attachment.volumeID.key, caller)
        let info = try await service.connect(attachment.id, volume: volume, connector: connector, mode: attachment.mode, caller: caller)
        let current = try await store.attachment(id: attachment.id) ?? attachment
        return JSONResponse.make(.ok, ["attachment": AttachmentView.detail(current, connection: info)])
    }

    /// `os-complete` (3.44): the host has connected; the volume is in-use.
    @Sendable func action(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try gate(context, .attachmentComplete, "volume:attachment_complete")
        _ = try await VolumeAction.read(request, allowed: ["os-complete"])
        let attachment = try await find(context, caller)
        try await service.complete(attachment)
        return JSONResponse.empty(.noContent)
    }

    /// Detaches: removes the export when this was the volume's last attachment (a target that already
    /// vanished is fine), then the attachment; answers the volume's remaining attachments.
    @Sendable func delete(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try gate(context, .attachments, "volume:attachment_delete")
        let attachment = try await find(context, caller)
        let volume = try await lookup.volume(attachment.volumeID.key, caller)
        let others = try await service.detach(attachment, from: volume, caller: caller)
        return JSONResponse.make(.ok, ["attachments": .array(others.map { AttachmentView.summary($0) })])
    }

    @Sendable func list(_ request: Request, _ context: APIContext, detailed: Bool) async throws -> Response {
        let caller = try gate(context, .attachments, nil)
        let allTenants = caller.isAdmin && Listing.truthy(request.uri.cinderQuery.get("all_tenants"))
        let volumeID = request.uri.cinderQuery.get("volume_id").flatMap(UUID.init(key:))
        let found = try await store.attachments(projectID: allTenants ? nil : caller.projectID, volumeID: volumeID)
        let items = found.map { detailed ? AttachmentView.detail($0, connection: nil) : AttachmentView.summary($0) }
        return JSONResponse.make(.ok, ["attachments": .array(items)])
    }

    @Sendable func show(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try gate(context, .attachments, nil)
        return JSONResponse.make(.ok, ["attachment": AttachmentView.detail(try await find(context, caller), connection: nil)])
    }

    // MARK: Helpers

    private func find(_ context: APIContext, _ caller: CallContext) async throws -> Attachment {
        let raw = Lookup.parameter(context, "attachment_id")
        guard let id = UUID(key: raw), let attachment = try await store.attachment(id: id),
            caller.isAdmin || attachment.projectID == caller.projectID
        else { throw Fault.notFound("Attachment \(raw) could not be found.") }
        return attachment
    }

    /// `action` nil: no policy rule, as Cinder checks none for reading attachments.
    private func gate(_ context: APIContext, _ version: APIVersion, _ action: String?) throws -> CallContext {
        let caller = try ProjectScope.caller(context, action)
        guard context.version >= version else {
            throw Fault.notFound("The attachments API needs microversion \(version) or later.")
        }
        return caller
    }

    static func mode(_ body: [String: JSONValue], _ context: APIContext) throws -> String {
        guard let mode = try FieldError.string(body, "mode") else { return "rw" }
        guard context.version >= .attachmentMode, ["rw", "ro"].contains(mode) else {
            throw FieldError.invalid("mode", .string(mode), "is not one of ['rw', 'ro']")
        }
        return mode
    }

    /// The connector, checked: an initiator name reaches tgtadm's argv, so it must be a plain IQN.
    static func connector(_ body: [String: JSONValue]) throws -> Connector? {
        guard let value = body["connector"], value != .null else { return nil }
        guard let object = value.objectValue else { throw FieldError.invalid("connector", value, "is not of type 'object'") }
        let connector = Connector(
            initiator: try FieldError.string(object, "initiator"), ip: try FieldError.string(object, "ip"),
            host: try FieldError.string(object, "host"))
        if let initiator = connector.initiator, !Connector.validInitiator(initiator) {
            throw FieldError.invalid("initiator", .string(initiator), "is not an iSCSI initiator name (iqn., eui. or naa.)")
        }
        return connector
    }
}

/// Renders attachments and their `connection_info` in Cinder's shapes.
enum AttachmentView {
    static func summary(_ attachment: Attachment) -> JSONValue {
        [
            "id": .string(attachment.id.key),
            "status": .string(attachment.status.rawValue),
            "instance": .optional(attachment.instanceID),
            "volume_id": .string(attachment.volumeID.key),
        ]
    }

    static func detail(_ attachment: Attachment, connection: ConnectionInfo?) -> JSONValue {
        guard case .object(var body) = summary(attachment) else { return .null }
        body["attached_at"] = CinderDate.json(attachment.attachedAt)
        body["detached_at"] = CinderDate.json(attachment.detachedAt)
        body["attach_mode"] = .string(attachment.mode)
        body["connection_info"] = connection.map(connectionInfo) ?? .null
        return .object(body)
    }

    static func connectionInfo(_ info: ConnectionInfo) -> JSONValue {
        [
            "driver_volume_type": "iscsi",
            "data": [
                "target_iqn": .string(info.export.iqn),
                "target_portal": .string(info.export.portal),
                "target_portals": [.string(info.export.portal)],
                "target_iqns": [.string(info.export.iqn)],
                "target_luns": [.int(info.export.lun)],
                "target_lun": .int(info.export.lun),
                "target_discovered": false,
                "auth_method": "CHAP",
                "auth_username": .string(info.credentials.username),
                "auth_password": .string(info.credentials.password),
                "volume_id": .string(info.volumeID.key),
                "access_mode": .string(info.accessMode),
                "encrypted": .bool(info.encrypted),
                "qos_specs": info.qosSpecs.map { .object(JSONObject($0.mapValues(JSONValue.string))) } ?? .null,
            ],
        ]
    }

    /// A volume body's `attachments` entry.
    static func volumeEntry(_ attachment: Attachment) -> JSONValue {
        [
            "server_id": .optional(attachment.instanceID),
            "attachment_id": .string(attachment.id.key),
            "attached_at": CinderDate.json(attachment.attachedAt),
            "host_name": .optional(attachment.attachedHost),
            "volume_id": .string(attachment.volumeID.key),
            "device": .optional(attachment.mountpoint),
            "id": .string(attachment.volumeID.key),
        ]
    }
}
