import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/operations`, Ember's own resource beside Cinder's: the running and recent wipes, copies, clones
/// and reverts, with bytes done out of total, rate and time left (Cinder reports none, and its bodies
/// take no extra field). A project sees its own, an admin every project's; exact filters on
/// `resource_id`, `kind` and `state`.
struct OperationRoutes {
    static let filterable: Set<String> = ["resource_id", "kind", "state"]

    let store: any Store

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.get("\(prefix)/operations") { request, context in
                let caller = try ProjectScope.caller(context, "ember:operation:get_all")
                let query = request.uri.cinderQuery
                for (key, _) in query where !Self.filterable.contains(String(key)) {
                    throw Fault.badRequest("Invalid filter keys: \(key)")
                }
                let shown = try await store.operations(projectID: caller.isAdmin ? nil : caller.projectID).map { Self.view($0, request, caller) }
                let matching = shown.filter { Listing.matchesExactly($0, Self.filterable, query) }
                return JSONResponse.make(.ok, ["operations": .array(matching)])
            }
            router.get("\(prefix)/operations/:operation_id") { request, context in
                let caller = try ProjectScope.caller(context, "ember:operation:get")
                let raw = Lookup.parameter(context, "operation_id")
                guard let id = UUID(key: raw), let operation = try await store.operation(id: id), caller.isAdmin || operation.projectID == caller.projectID
                else { throw Fault.notFound("Operation \(raw) could not be found.") }
                return JSONResponse.make(.ok, ["operation": Self.view(operation, request, caller)])
            }
        }
    }

    /// An operation as `/operations` shows it; the host only to admins, as Cinder shows volume hosts.
    static func view(_ operation: DataOperation, _ request: Request, _ caller: CallContext) -> JSONValue {
        var body: JSONObject = [
            "id": .string(operation.id.key),
            "project_id": .string(operation.projectID),
            "resource_type": .string(operation.resourceType.rawValue.lowercased()),
            "resource_id": .string(operation.resourceID.key),
            "kind": .string(operation.kind.rawValue),
            "state": .string(operation.state.rawValue),
            "bytes_done": .int(operation.bytesDone),
            "bytes_total": .int(operation.bytesTotal),
            "bytes_per_second": .int(operation.bytesPerSecond),
            "seconds_left": operation.secondsLeft.map { .double(($0 * 10).rounded() / 10) } ?? .null,
            "started_at": CinderDate.json(operation.startedAt),
            "updated_at": CinderDate.json(operation.updatedAt),
            "finished_at": CinderDate.json(operation.finishedAt),
            "links": ResourceLinks.make(baseURL: request.baseURL, project: operation.projectID, collection: "operations", id: operation.id.key),
        ]
        if caller.isAdmin { body["host"] = .string(operation.host) }
        return .object(body)
    }
}
