import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// Volume transfers at `/os-volume-transfer` and `/volume-transfers` (the same controller, as in
/// Cinder): create, list, detail, show, delete, accept. 3.55 adds `no_snapshots`, 3.57 the history.
struct TransferRoutes {
    let service: TransferAPI

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            for collection in ["os-volume-transfer", "volume-transfers"] {
                let base = "\(prefix)/\(collection)"
                router.post(RouterPath(base), use: create)
                router.get(RouterPath(base)) { request, context in try await list(request, context, detailed: false) }
                router.get(RouterPath(base + "/detail")) { request, context in try await list(request, context, detailed: true) }
                router.get(RouterPath(base + "/:transfer_id")) { request, context in
                    let transfer = try await service.visible(Lookup.parameter(context, "transfer_id"), try ProjectScope.caller(context, "volume:get_transfer"))
                    return JSONResponse.make(.ok, ["transfer": view(request, context).detail(transfer)])
                }
                router.delete(RouterPath(base + "/:transfer_id")) { _, context in
                    let caller = try ProjectScope.caller(context, "volume:delete_transfer")
                    try await service.delete(try await service.visible(Lookup.parameter(context, "transfer_id"), caller))
                    return JSONResponse.empty(.accepted)
                }
                router.post(RouterPath(base + "/:transfer_id/accept"), use: accept)
            }
        }
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:create_transfer")
        let allowed: Set<String> = context.version >= .transferWithSnapshots ? ["volume_id", "name", "no_snapshots"] : ["volume_id", "name"]
        let body = try await RequestBody.object(request, required: "transfer")
        try FieldError.rejectUnknown(body, allowed: allowed, in: "transfer")
        guard let raw = try FieldError.string(body, "volume_id") else {
            throw Fault.badRequest("Invalid input for field/attribute transfer. 'volume_id' is a required property.")
        }
        guard UUID(key: raw) != nil else { throw FieldError.invalid("volume_id", .string(raw), "is not a 'uuid'") }
        let volume = try await Lookup(store: service.store).volume(raw, caller)
        if context.version < .transferEncrypted, volume.encryptionKeyID != nil {
            throw Fault.badRequest("Invalid volume: Encrypted volumes are transferred from microversion 3.70.")
        }
        let name = try FieldError.string(body, "name")?.trimmingCharacters(in: .whitespaces)
        let (transfer, key) = try await service.create(
            volume: volume, name: name, noSnapshots: try FieldError.bool(body, "no_snapshots") ?? false, caller: caller)
        guard case .object(var shown) = view(request, context).detail(transfer) else { return JSONResponse.empty(.accepted) }
        shown["auth_key"] = .string(key)
        return JSONResponse.make(.accepted, ["transfer": .object(shown)])
    }

    /// The caller's project's live transfers; an admin's `all_tenants` lists every project's.
    func list(_ request: Request, _ context: APIContext, detailed: Bool) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:get_all_transfers")
        let everyone = caller.isAdmin && Listing.truthy(request.uri.cinderQuery.get("all_tenants"))
        var transfers = try await service.store.transfers(projectID: everyone ? nil : caller.projectID)
        if let name = request.uri.cinderQuery.get("name") { transfers = transfers.filter { $0.name == name } }
        let view = view(request, context)
        return JSONResponse.make(.ok, ["transfers": .array(transfers.map(detailed ? view.detail : view.summary))])
    }

    @Sendable func accept(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:accept_transfer")
        let body = try await RequestBody.object(request, required: "accept")
        try FieldError.rejectUnknown(body, allowed: ["auth_key"], in: "accept")
        let key: String? =
            switch body["auth_key"] {
            case .string(let text): text
            case .int(let number): String(number)
            default: nil
            }
        guard let key else { throw Fault.badRequest("Invalid input for field/attribute accept. 'auth_key' is a required property.") }
        let transfer = try await service.accept(Lookup.parameter(context, "transfer_id"), key: key, caller: caller)
        return JSONResponse.make(.accepted, ["transfer": view(request, context).summary(transfer)])
    }

    func view(_ request: Request, _ context: APIContext) -> TransferView {
        TransferView(version: context.version, baseURL: request.baseURL)
    }
}

/// Cinder's transfer views: the summary (id, name, volume, links) and the detail, which 3.55 and
/// 3.57 extend.
struct TransferView {
    let version: APIVersion
    let baseURL: String

    func summary(_ transfer: VolumeTransfer) -> JSONValue {
        ["id": .string(transfer.id.key), "volume_id": .string(transfer.volumeID.key), "name": .optional(transfer.name), "links": links(transfer)]
    }

    func detail(_ transfer: VolumeTransfer) -> JSONValue {
        var body: JSONObject = [
            "id": .string(transfer.id.key), "created_at": CinderDate.json(transfer.createdAt), "name": .optional(transfer.name),
            "volume_id": .string(transfer.volumeID.key), "links": links(transfer),
        ]
        if version >= .transferWithSnapshots { body["no_snapshots"] = .bool(transfer.noSnapshots) }
        if version >= .transferWithHistory {
            body["destination_project_id"] = .optional(transfer.destinationProjectID)
            body["source_project_id"] = .string(transfer.sourceProjectID)
            body["accepted"] = .bool(transfer.accepted)
        }
        return .object(body)
    }

    private func links(_ transfer: VolumeTransfer) -> JSONValue {
        ResourceLinks.make(baseURL: baseURL, project: transfer.sourceProjectID, collection: "os-volume-transfer", id: transfer.id.key)
    }
}
