import EmberModel
import Foundation
import Hummingbird

/// `/{volumes|snapshots}/{id}/metadata[/{key}]`: Cinder's metadata CRUD, the same for both resources.
struct MetadataRoutes {
    /// The collection's path segment and its path parameter (`volumes`, `volume_id`).
    let collection: String
    let parameter: String
    /// The resource's name in policy actions (`volume:get_volume_metadata`, `volume:update_snapshot_metadata`).
    let resource: String
    /// The resource's current metadata, or 404 when the caller may not see it.
    let read: @Sendable (_ id: String, _ caller: CallContext) async throws -> [String: String]
    /// Applies an edit (if the metadata still has the expected tag) and returns the new metadata.
    let edit: @Sendable (_ id: String, _ caller: CallContext, _ edit: MetadataEdit, _ expectedTag: String?) async throws -> [String: String]
    /// Whether responses carry an `ETag` and writes honour `If-Match` (volumes, from 3.15).
    var tagged: @Sendable (APIVersion) -> Bool = { _ in false }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            let base = RouterPath("\(prefix)/\(collection)/:\(parameter)/metadata")
            router.get(base) { _, context in
                let (id, caller) = try target(context, "get")
                return all(try await read(id, caller), tagged: tagged(context.version))
            }
            router.post(base) { request, context in
                let (id, caller) = try target(context, "update")
                let metadata = try await MetadataRoutes.metadata(request, key: "metadata")
                return all(try await edit(id, caller, .merge(metadata), ifMatch(request, context)), tagged: tagged(context.version))
            }
            router.put(base) { request, context in
                let (id, caller) = try target(context, "update")
                let metadata = try await MetadataRoutes.metadata(request, key: "metadata")
                return all(try await edit(id, caller, .replace(metadata), ifMatch(request, context)), tagged: tagged(context.version))
            }
            router.get(RouterPath("\(prefix)/\(collection)/:\(parameter)/metadata/:key")) { _, context in
                let (id, caller) = try target(context, "get")
                let key = Lookup.parameter(context, "key")
                guard let value = try await read(id, caller)[key] else { throw missing(key) }
                return JSONResponse.make(.ok, ["meta": [key: .string(value)]])
            }
            router.put(RouterPath("\(prefix)/\(collection)/:\(parameter)/metadata/:key")) { request, context in
                let (id, caller) = try target(context, "update")
                let key = Lookup.parameter(context, "key")
                let meta = try await MetadataRoutes.metadata(request, key: "meta")
                guard meta.count == 1, let value = meta[key] else {
                    throw Fault.badRequest("Request body and URI mismatch")
                }
                _ = try await edit(id, caller, .merge([key: value]), ifMatch(request, context))
                return JSONResponse.make(.ok, ["meta": [key: .string(value)]])
            }
            router.delete(RouterPath("\(prefix)/\(collection)/:\(parameter)/metadata/:key")) { _, context in
                let (id, caller) = try target(context, "delete")
                let key = Lookup.parameter(context, "key")
                guard try await read(id, caller)[key] != nil else { throw missing(key) }
                _ = try await edit(id, caller, .remove(key), nil)
                return JSONResponse.empty(.ok)
            }
        }
    }

    private func target(_ context: APIContext, _ verb: String) throws -> (String, CallContext) {
        (Lookup.parameter(context, parameter), try ProjectScope.caller(context, "volume:\(verb)_\(resource)_metadata"))
    }

    private func all(_ metadata: [String: String], tagged: Bool) -> Response {
        var response = JSONResponse.make(.ok, ["metadata": .object(JSONObject(metadata.mapValues(JSONValue.string)))])
        if tagged { response.headers[.eTag] = "\"\(MetadataTag.of(metadata))\"" }
        return response
    }

    private func ifMatch(_ request: Request, _ context: APIContext) -> String? {
        tagged(context.version) ? request.headers[.ifMatch] : nil
    }

    private func missing(_ key: String) -> Fault {
        Fault.notFound("Metadata item was not found: \(key)")
    }

    private static func metadata(_ request: Request, key: String) async throws -> [String: String] {
        let body = try await RequestBody.object(request, required: key)
        return try FieldError.metadata([key: .object(JSONObject(body))], key) ?? [:]
    }
}
