import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/group_types` (3.11): list and show for everyone (public types; admins all, with their specs),
/// admin create, update, delete and `group_specs` CRUD.
struct GroupTypeRoutes {
    let store: any Store

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            let base = "\(prefix)/group_types"
            router.get(RouterPath(base), use: list)
            router.post(RouterPath(base)) { request, context in
                let caller = try Self.caller(context, "group:group_types:create")
                let body = try await RequestBody.object(request, required: "group_type")
                try FieldError.rejectUnknown(body, allowed: ["name", "description", "is_public", "group_specs"], in: "group_type")
                guard let name = try FieldError.string(body, "name")?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                    throw Fault.badRequest("Invalid input for field/attribute group_type. 'name' is a required property.")
                }
                let type = GroupType(
                    name: name, description: try FieldError.string(body, "description"), isPublic: try FieldError.bool(body, "is_public") ?? true,
                    groupSpecs: try FieldError.metadata(body, "group_specs") ?? [:])
                try await store.insertGroupType(type)
                return JSONResponse.make(.accepted, ["group_type": Self.view(type, caller)])
            }
            router.get(RouterPath(base + "/default")) { _, context -> Response in
                _ = try Self.caller(context, nil)
                throw Fault.notFound("Default group type could not be found.")
            }
            router.get(RouterPath(base + "/:group_type_id")) { _, context in
                let caller = try Self.caller(context, nil)
                return JSONResponse.make(.ok, ["group_type": Self.view(try await type(context, caller), caller)])
            }
            router.put(RouterPath(base + "/:group_type_id"), use: update)
            router.delete(RouterPath(base + "/:group_type_id")) { _, context in
                let caller = try Self.caller(context, "group:group_types:delete")
                try await store.deleteGroupType(id: try await type(context, caller).id)
                return JSONResponse.empty(.accepted)
            }
            GroupSpecRoutes(store: store, base: base + "/:group_type_id/group_specs").register(on: router)
        }
    }

    /// Admins list every type (`is_public` filters them), others the public ones; `sort=name:asc`.
    @Sendable func list(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try Self.caller(context, nil)
        let query = request.uri.cinderQuery
        var types = try await store.groupTypes().filter { caller.isAdmin || $0.isPublic }
        if caller.isAdmin, let wanted = query.get("is_public"), wanted.lowercased() != "none" {
            types = types.filter { $0.isPublic == Listing.truthy(wanted) }
        }
        let descending = (query.get("sort") ?? query.get("sort_dir") ?? "").hasSuffix("desc")
        types.sort { descending ? $0.name > $1.name : $0.name < $1.name }
        return JSONResponse.make(.ok, ["group_types": .array(types.map { Self.view($0, caller) })])
    }

    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try Self.caller(context, "group:group_types:update")
        let existing = try await type(context, caller)
        let body = try await RequestBody.object(request, required: "group_type")
        try FieldError.rejectUnknown(body, allowed: ["name", "description", "is_public"], in: "group_type")
        let name = try FieldError.string(body, "name")?.trimmingCharacters(in: .whitespaces)
        let description: String?? = body["description"] == nil ? nil : .some(try FieldError.string(body, "description"))
        let isPublic = try FieldError.bool(body, "is_public")
        guard name != nil || description != nil || isPublic != nil else {
            throw Fault.badRequest("Specify group type name, description or a combination thereof.")
        }
        let updated = try await store.updateGroupType(id: existing.id) { type in
            if let name, !name.isEmpty { type.name = name }
            if let description { type.description = description }
            if let isPublic { type.isPublic = isPublic }
        }
        guard let updated else { throw Self.notFound(existing.id.key) }
        return JSONResponse.make(.ok, ["group_type": Self.view(updated, caller)])
    }

    /// The caller, once the resource exists for the request's microversion (3.11); 404 before it.
    static func caller(_ context: APIContext, _ action: String?) throws -> CallContext {
        try ProjectScope.caller(context, action, since: .groupTypes)
    }

    func type(_ context: APIContext, _ caller: CallContext) async throws -> GroupType {
        let raw = Lookup.parameter(context, "group_type_id")
        guard let type = try await store.groupType(raw), type.isPublic || caller.isAdmin else { throw Self.notFound(raw) }
        return type
    }

    static func notFound(_ id: String) -> Fault { .notFound("Group type with name \(id) could not be found.") }

    /// Cinder's view: the specs only for admins (`group:access_group_types_specs`).
    static func view(_ type: GroupType, _ caller: CallContext) -> JSONValue {
        var body: JSONObject = [
            "id": .string(type.id.key), "name": .string(type.name), "description": .optional(type.description), "is_public": .bool(type.isPublic),
        ]
        if caller.isAdmin { body["group_specs"] = .object(JSONObject(type.groupSpecs.mapValues(JSONValue.string))) }
        return .object(body)
    }
}

/// `/group_types/{id}/group_specs[/{key}]` (admin), as a volume type's extra specs.
struct GroupSpecRoutes {
    let store: any Store
    let base: String

    func register(on router: Router<APIContext>) {
        router.get(RouterPath(base)) { _, context in
            let type = try await writable(context, "get_all")
            return Self.specs(type.groupSpecs)
        }
        router.post(RouterPath(base)) { request, context in
            let type = try await writable(context, "create")
            let body = try await RequestBody.object(request, required: "group_specs")
            let specs = try FieldError.metadata(["group_specs": .object(JSONObject(body))], "group_specs") ?? [:]
            _ = try await store.updateGroupType(id: type.id) { $0.groupSpecs.merge(specs) { _, new in new } }
            return JSONResponse.make(.accepted, ["group_specs": .object(JSONObject(specs.mapValues(JSONValue.string)))])
        }
        router.get(RouterPath(base + "/:key")) { _, context in
            let type = try await writable(context, "get")
            let key = Lookup.parameter(context, "key")
            guard let value = type.groupSpecs[key] else { throw Fault.notFound("Group Type \(type.id.key) has no specs with key \(key).") }
            return JSONResponse.make(.ok, [key: .string(value)])
        }
        router.put(RouterPath(base + "/:key")) { request, context in
            let type = try await writable(context, "update")
            let key = Lookup.parameter(context, "key")
            let body = try await RequestBody.topObject(request)
            guard body.count == 1, let value = try FieldError.string(body, key) else { throw Fault.badRequest("Request body and URI mismatch") }
            _ = try await store.updateGroupType(id: type.id) { $0.groupSpecs[key] = value }
            return JSONResponse.make(.ok, [key: .string(value)])
        }
        router.delete(RouterPath(base + "/:key")) { _, context in
            let type = try await writable(context, "delete")
            let key = Lookup.parameter(context, "key")
            _ = try await store.updateGroupType(id: type.id) { type in
                guard type.groupSpecs.removeValue(forKey: key) != nil else {
                    throw Fault.notFound("Group Type \(type.id.key) has no specs with key \(key).")
                }
            }
            return JSONResponse.empty(.accepted)
        }
    }

    private func writable(_ context: APIContext, _ verb: String) async throws -> GroupType {
        let caller = try GroupTypeRoutes.caller(context, "group:group_types_specs:\(verb)")
        return try await GroupTypeRoutes(store: store).type(context, caller)
    }

    private static func specs(_ specs: [String: String]) -> Response {
        JSONResponse.make(.ok, ["group_specs": .object(JSONObject(specs.mapValues(JSONValue.string)))])
    }
}
