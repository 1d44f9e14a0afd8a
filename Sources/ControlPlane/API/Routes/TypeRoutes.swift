import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/types`: list, show and the default type for everyone; create, update, delete, extra specs and
/// private-type access for admins.
struct TypeRoutes {
    let service: VolumeTypeAPI
    var store: any Store { service.store }
    var lookup: Lookup { Lookup(store: store) }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.get("\(prefix)/types", use: list)
            router.post("\(prefix)/types", use: create)
            router.get("\(prefix)/types/default") { _, context in
                let caller = try ProjectScope.caller(context, "volume_extension:type_get")
                return Self.typeBody(VolumeTypeView.shown(try await store.defaultVolumeType(), caller: caller))
            }
            router.get("\(prefix)/types/:type_id") { _, context in
                let caller = try ProjectScope.caller(context, "volume_extension:type_get")
                let type = try await lookup.volumeType(Lookup.parameter(context, "type_id"), caller)
                return Self.typeBody(VolumeTypeView.shown(type, caller: caller))
            }
            router.put("\(prefix)/types/:type_id", use: update)
            router.delete("\(prefix)/types/:type_id") { _, context in
                let type = try await adminType(context, action: "volume_extension:type_delete")
                try await service.delete(type)
                return JSONResponse.empty(.accepted)
            }
            router.post("\(prefix)/types/:type_id/action", use: access)
            router.get("\(prefix)/types/:type_id/os-volume-type-access") { _, context in
                let type = try await adminType(context, action: "volume_extension:volume_type_access:get_all_for_type")
                guard !type.isPublic else { throw Fault.notFound("Access list not available for public volume types.") }
                let projects = try await store.typeAccess(typeID: type.id)
                let entries: [JSONValue] = projects.map { ["volume_type_id": .string(type.id.key), "project_id": .string($0)] }
                return JSONResponse.make(.ok, ["volume_type_access": .array(entries)])
            }
            ExtraSpecRoutes(service: service, prefix: prefix).register(on: router)
        }
    }

    /// Admins see every type; others the public ones and the private ones shared with their project.
    @Sendable func list(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume_extension:type_get_all")
        var types: [VolumeType] = []
        for type in try await store.volumeTypes() where try await lookup.visible(type, caller) {
            types.append(type)
        }
        if caller.isAdmin, let wanted = request.uri.cinderQuery.get("is_public"), wanted.lowercased() != "none" {
            types = types.filter { $0.isPublic == Listing.truthy(wanted) }
        }
        if context.version >= .typeExtraSpecsFilter, let text = request.uri.cinderQuery.get("extra_specs") {
            let wanted = try Listing.metadata(text)
            types = types.filter { type in wanted.allSatisfy { type.extraSpecs[$0.key] == $0.value } }
        }
        return JSONResponse.make(.ok, ["volume_types": .array(types.map { VolumeTypeView.shown($0, caller: caller) })])
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        _ = try ProjectScope.admin(context, action: "volume_extension:type_create")
        let input = try VolumeTypeRequest(try await RequestBody.object(request, required: "volume_type"), creating: true)
        return Self.typeBody(VolumeTypeView.written(try await service.create(input), created: true))
    }

    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let type = try await adminType(context, action: "volume_extension:type_update")
        let input = try VolumeTypeRequest(try await RequestBody.object(request, required: "volume_type"), creating: false)
        return Self.typeBody(VolumeTypeView.written(try await service.update(type, input), created: false))
    }

    /// `addProjectAccess` / `removeProjectAccess` on a private type.
    @Sendable func access(_ request: Request, _ context: APIContext) async throws -> Response {
        let action = try await VolumeAction.read(request, allowed: ["addProjectAccess", "removeProjectAccess"])
        let type = try await adminType(context, action: "volume_extension:volume_type_access:\(action.name)")
        guard let project = try FieldError.string(action.arguments, "project"), !project.isEmpty else {
            throw Fault.badRequest("Invalid input for field/attribute \(action.name). 'project' is a required property.")
        }
        try await service.setAccess(type, project: project, granted: action.name == "addProjectAccess")
        return JSONResponse.empty(.accepted)
    }

    private func adminType(_ context: APIContext, action: String) async throws -> VolumeType {
        let caller = try ProjectScope.admin(context, action: action)
        return try await lookup.volumeType(Lookup.parameter(context, "type_id"), caller)
    }

    static func typeBody(_ type: JSONValue) -> Response {
        JSONResponse.make(.ok, ["volume_type": type])
    }
}

/// `/types/{id}/extra_specs[/{key}]`: reads for the type's readers, admin-only writes (Cinder's
/// `volume_extension:types_extra_specs:{index,show,create,update,delete}`).
struct ExtraSpecRoutes {
    let service: VolumeTypeAPI
    let prefix: String
    var lookup: Lookup { Lookup(store: service.store) }

    func register(on router: Router<APIContext>) {
        let base = "\(prefix)/types/:type_id/extra_specs"
        router.get(RouterPath(base)) { _, context in
            let type = try await lookup.volumeType(
                Lookup.parameter(context, "type_id"), try ProjectScope.caller(context, "volume_extension:types_extra_specs:index"))
            return Self.specs(type.extraSpecs)
        }
        router.post(RouterPath(base)) { request, context in
            let type = try await writable(context, "create")
            let body = try await RequestBody.object(request, required: "extra_specs")
            let specs = try FieldError.metadata(["extra_specs": .object(JSONObject(body))], "extra_specs") ?? [:]
            try await service.mergeExtraSpecs(type, specs)
            return Self.specs(specs)
        }
        router.get(RouterPath(base + "/:key")) { _, context in
            let type = try await lookup.volumeType(
                Lookup.parameter(context, "type_id"), try ProjectScope.caller(context, "volume_extension:types_extra_specs:show"))
            let key = Lookup.parameter(context, "key")
            guard let value = type.extraSpecs[key] else { throw VolumeTypeAPI.missing(type, key) }
            return JSONResponse.make(.ok, [key: .string(value)])
        }
        router.put(RouterPath(base + "/:key")) { request, context in
            let type = try await writable(context, "update")
            let key = Lookup.parameter(context, "key")
            let body = try await RequestBody.topObject(request)
            guard body.count == 1, let value = try FieldError.string(body, key) else {
                throw Fault.badRequest("Request body and URI mismatch")
            }
            try await service.mergeExtraSpecs(type, [key: value])
            return JSONResponse.make(.ok, [key: .string(value)])
        }
        router.delete(RouterPath(base + "/:key")) { _, context in
            let type = try await writable(context, "delete")
            try await service.removeExtraSpec(type, Lookup.parameter(context, "key"))
            return JSONResponse.empty(.accepted)
        }
    }

    private func writable(_ context: APIContext, _ verb: String) async throws -> VolumeType {
        let caller = try ProjectScope.admin(context, action: "volume_extension:types_extra_specs:\(verb)")
        return try await lookup.volumeType(Lookup.parameter(context, "type_id"), caller)
    }

    private static func specs(_ specs: [String: String]) -> Response {
        JSONResponse.make(.ok, ["extra_specs": .object(JSONObject(specs.mapValues(JSONValue.string)))])
    }
}
