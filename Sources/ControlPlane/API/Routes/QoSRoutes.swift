import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/qos-specs` (admin): create, list, show, set and unset keys, delete (`force` disassociates), and
/// the associations with volume types, as Cinder 29 serves them.
struct QoSRoutes {
    let store: any Store

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            let base = "\(prefix)/qos-specs"
            router.get(RouterPath(base), use: list)
            router.post(RouterPath(base), use: create)
            router.get(RouterPath(base + "/:qos_id")) { request, context in
                let specs = try await existing(context, "get")
                return JSONResponse.make(.ok, Self.body(specs, request, context))
            }
            router.put(RouterPath(base + "/:qos_id"), use: set)
            router.put(RouterPath(base + "/:qos_id/delete_keys"), use: unset)
            router.delete(RouterPath(base + "/:qos_id")) { request, context in
                let specs = try await existing(context, "delete")
                try await store.deleteQoSSpecs(id: specs.id, force: Listing.truthy(request.uri.cinderQuery.get("force")))
                return JSONResponse.empty(.accepted)
            }
            router.get(RouterPath(base + "/:qos_id/associations")) { _, context in
                let specs = try await existing(context, "get_all")
                let entries: [JSONValue] = try await store.qosAssociations(id: specs.id).map {
                    ["association_type": "volume_type", "name": .string($0.name), "id": .string($0.id.key)]
                }
                return JSONResponse.make(.ok, ["qos_associations": .array(entries)])
            }
            router.get(RouterPath(base + "/:qos_id/associate")) { request, context in
                let specs = try await existing(context, "update")
                try await store.associateQoSSpecs(id: specs.id, typeID: try Self.typeID(request))
                return JSONResponse.empty(.accepted)
            }
            router.get(RouterPath(base + "/:qos_id/disassociate")) { request, context in
                let specs = try await existing(context, "update")
                try await store.disassociateQoSSpecs(id: specs.id, typeID: try Self.typeID(request))
                return JSONResponse.empty(.accepted)
            }
            router.get(RouterPath(base + "/:qos_id/disassociate_all")) { _, context in
                let specs = try await existing(context, "update")
                try await store.disassociateQoSSpecs(id: specs.id, typeID: nil)
                return JSONResponse.empty(.accepted)
            }
        }
    }

    /// Filtered on `id`, `name` and `consumer`, as Cinder allows.
    @Sendable func list(_ request: Request, _ context: APIContext) async throws -> Response {
        _ = try ProjectScope.admin(context, action: "volume_extension:qos_specs_manage:get_all")
        let query = request.uri.cinderQuery
        let all = try await store.qosSpecs().filter { specs in
            query.get("id").map { $0 == specs.id.key } ?? true && query.get("name").map { $0 == specs.name } ?? true
                && query.get("consumer").map { $0 == specs.consumer.rawValue } ?? true
        }
        return JSONResponse.make(.ok, ["qos_specs": .array(all.map(Self.fields))])
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        _ = try ProjectScope.admin(context, action: "volume_extension:qos_specs_manage:create")
        let body = try await RequestBody.object(request, required: "qos_specs")
        guard let name = try FieldError.string(body, "name")?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw Fault.badRequest("Invalid input for field/attribute qos_specs. 'name' is a required property (a non-blank string).")
        }
        var keys = try Self.keys(body.filter { $0.key != "name" })
        let consumer = try Self.consumer(keys.removeValue(forKey: "consumer")) ?? .backEnd
        let specs = QoSSpecs(name: name, consumer: consumer, specs: keys)
        try await store.insertQoSSpecs(specs)
        return JSONResponse.make(.ok, Self.body(specs, request, context))
    }

    /// Sets keys (and `consumer`); answers with the keys as given, as Cinder does.
    @Sendable func set(_ request: Request, _ context: APIContext) async throws -> Response {
        let specs = try await existing(context, "update")
        let body = try await RequestBody.object(request, required: "qos_specs")
        var keys = try Self.keys(body)
        let consumer = try Self.consumer(keys.removeValue(forKey: "consumer"))
        let changes = keys
        _ = try await store.updateQoSSpecs(id: specs.id) { specs in
            specs.specs.merge(changes) { _, new in new }
            if let consumer { specs.consumer = consumer }
        }
        return JSONResponse.make(.ok, ["qos_specs": .object(JSONObject(body))])
    }

    /// `{"keys": [...]}`: every key must be set (404 otherwise, and nothing is removed).
    @Sendable func unset(_ request: Request, _ context: APIContext) async throws -> Response {
        let specs = try await existing(context, "delete")
        let body = try await RequestBody.topObject(request)
        try FieldError.rejectUnknown(body, allowed: ["keys"], in: "body")
        guard let items = body["keys"]?.arrayValue else {
            throw Fault.badRequest("Invalid input for field/attribute keys. 'keys' is a required property (an array of strings).")
        }
        let keys = try items.map { item throws(Fault) -> String in
            guard let key = item.stringValue, !key.isEmpty, key.count <= 255 else { throw FieldError.invalid("keys", item, "is not a key") }
            return key
        }
        _ = try await store.updateQoSSpecs(id: specs.id) { specs in
            if let missing = keys.first(where: { specs.specs[$0] == nil }) {
                throw Fault.notFound("QoS spec \(specs.id.key) has no key \(missing).")
            }
            for key in keys { specs.specs[key] = nil }
        }
        return JSONResponse.empty(.accepted)
    }

    private func existing(_ context: APIContext, _ verb: String) async throws -> QoSSpecs {
        _ = try ProjectScope.admin(context, action: "volume_extension:qos_specs_manage:\(verb)")
        let raw = Lookup.parameter(context, "qos_id")
        guard let id = UUID(key: raw), let specs = try await store.qosSpecs(id: id) else {
            throw Fault.notFound("QoS spec \(raw) could not be found.")
        }
        return specs
    }

    static func fields(_ specs: QoSSpecs) -> JSONValue {
        [
            "id": .string(specs.id.key), "name": .string(specs.name), "consumer": .string(specs.consumer.rawValue),
            "specs": .object(JSONObject(specs.specs.mapValues(JSONValue.string))),
        ]
    }

    static func body(_ specs: QoSSpecs, _ request: Request, _ context: APIContext) -> JSONValue {
        let project = context.caller?.projectID ?? ""
        return ["qos_specs": fields(specs), "links": ResourceLinks.make(baseURL: request.baseURL, project: project, collection: "qos-specs", id: specs.id.key)]
    }

    /// Spec values are strings (numbers are taken as their text, as Cinder stores them).
    static func keys(_ body: [String: JSONValue]) throws(Fault) -> [String: String] {
        var keys: [String: String] = [:]
        for (key, value) in body {
            let text: String? =
                switch value {
                case .string(let string): string
                case .int(let int): String(int)
                case .double(let double): String(double)
                default: nil
                }
            guard let text, !key.isEmpty, key.count <= 255, text.count <= 255 else {
                throw FieldError.invalid(key, value, "is not a QoS spec value (a string of at most 255 characters)")
            }
            try FieldError.refuseNUL(key, "qos_specs")
            try FieldError.refuseNUL(text, "qos_specs")
            keys[key] = text
        }
        return keys
    }

    static func consumer(_ raw: String?) throws(Fault) -> QoSSpecs.Consumer? {
        guard let raw else { return nil }
        guard let consumer = QoSSpecs.Consumer(rawValue: raw) else {
            throw Fault.badRequest("Invalid QoS specs: Valid consumer of QoS specs are: ['front-end', 'back-end', 'both']")
        }
        return consumer
    }

    static func typeID(_ request: Request) throws(Fault) -> UUID {
        guard let raw = request.uri.cinderQuery.get("vol_type_id"), !raw.isEmpty else {
            throw Fault.badRequest("Volume Type id must not be None.")
        }
        guard let id = UUID(key: raw) else { throw Fault.notFound("Volume type \(raw) could not be found.") }
        return id
    }
}
