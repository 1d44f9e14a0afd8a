import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/default-types` (3.62, admin): a project's default volume type, which its volume creates that
/// name no type get; set or update, show, list, unset.
struct DefaultTypeRoutes {
    let store: any Store

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            let base = "\(prefix)/default-types"
            router.get(RouterPath(base)) { _, context in
                _ = try Self.caller(context, "volume_extension:default_get_all")
                let entries: [JSONValue] = try await store.projectDefaultTypes().sorted { $0.key < $1.key }.map(Self.entry)
                return JSONResponse.make(.ok, ["default_types": .array(entries)])
            }
            router.put(RouterPath(base + "/:target_id")) { request, context in
                let caller = try Self.caller(context, "volume_extension:default_set_or_update")
                let body = try await RequestBody.object(request, required: "default_type")
                try FieldError.rejectUnknown(body, allowed: ["volume_type"], in: "default_type")
                guard let name = try FieldError.string(body, "volume_type") else {
                    throw Fault.badRequest("Invalid input for field/attribute default_type. 'volume_type' is a required property.")
                }
                guard let type = try await store.volumeType(name), type.isPublic || caller.isAdmin else {
                    throw Fault.badRequest("Volume type with name or id \(name) could not be found.")
                }
                let project = Lookup.parameter(context, "target_id")
                try await store.setProjectDefaultType(project: project, typeID: type.id)
                return JSONResponse.make(.ok, ["default_type": Self.entry((project, type.id))])
            }
            router.get(RouterPath(base + "/:target_id")) { _, context in
                _ = try Self.caller(context, "volume_extension:default_get")
                let project = Lookup.parameter(context, "target_id")
                guard let id = try await store.projectDefaultTypeID(project: project) else {
                    throw Fault.notFound("Default type for project \(project) could not be found.")
                }
                return JSONResponse.make(.ok, ["default_type": Self.entry((project, id))])
            }
            router.delete(RouterPath(base + "/:target_id")) { _, context in
                _ = try Self.caller(context, "volume_extension:default_unset")
                try await store.setProjectDefaultType(project: Lookup.parameter(context, "target_id"), typeID: nil)
                return JSONResponse.empty(.noContent)
            }
        }
    }

    /// The caller, once the resource exists for the request's microversion (3.62); 404 before it.
    static func caller(_ context: APIContext, _ action: String) throws -> CallContext {
        try ProjectScope.caller(context, action, since: .defaultTypeOverrides)
    }

    static func entry(_ pair: (key: String, value: UUID)) -> JSONValue {
        ["project_id": .string(pair.key), "volume_type_id": .string(pair.value.key)]
    }
}
