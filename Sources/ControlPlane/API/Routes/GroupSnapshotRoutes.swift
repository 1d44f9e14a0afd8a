import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/group_snapshots` (3.14): create, list, detail, show, delete, and the admin's reset_status (3.19).
struct GroupSnapshotRoutes {
    let service: GroupAPI
    var store: any Store { service.store }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            let base = "\(prefix)/group_snapshots"
            router.post(RouterPath(base), use: create)
            router.get(RouterPath(base)) { request, context in try await list(request, context, detailed: false) }
            router.get(RouterPath(base + "/detail")) { request, context in try await list(request, context, detailed: true) }
            router.get(RouterPath(base + "/:group_snapshot_id")) { _, context in
                let caller = try Self.caller(context, "group:get_group_snapshot")
                let snapshot = try await visible(context, caller)
                return JSONResponse.make(.ok, ["group_snapshot": Self.detail(snapshot, context, caller)])
            }
            router.delete(RouterPath(base + "/:group_snapshot_id")) { _, context in
                let caller = try Self.caller(context, "group:delete_group_snapshot")
                try await service.delete(try await visible(context, caller), caller: caller, logger: context.logger)
                return JSONResponse.empty(.accepted)
            }
            router.post(RouterPath(base + "/:group_snapshot_id/action")) { request, context in
                let action = try await VolumeAction.read(request, allowed: ["reset_status"])
                let caller = try Self.caller(context, "group:reset_group_snapshot_status")
                guard context.version >= .groupSnapshotStatusReset else { throw Fault.badRequest("There is no such action: reset_status") }
                let snapshot = try await visible(context, caller)
                let status = try action.status(GroupStatus.self, allowed: [.creating, .available, .deleting, .error, .errorDeleting])
                _ = try await store.setGroupStatus(id: snapshot.id, from: nil, to: status, snapshot: true, awaiting: false)
                return JSONResponse.empty(.accepted)
            }
        }
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try Self.caller(context, "group:create_group_snapshot")
        let body = try await RequestBody.object(request, required: "group_snapshot")
        try FieldError.rejectUnknown(body, allowed: ["name", "description", "group_id"], in: "group_snapshot")
        guard let groupID = try FieldError.string(body, "group_id") else {
            throw Fault.badRequest("Invalid input for field/attribute group_snapshot. 'group_id' is a required property.")
        }
        let group = try await GroupRoutes.visible(groupID, store, caller)
        let snapshot = try await service.snapshot(
            group, name: try FieldError.string(body, "name"), description: try FieldError.string(body, "description"), caller: caller,
            logger: context.logger)
        return JSONResponse.make(
            .accepted,
            ["group_snapshot": ["id": .string(snapshot.id.key), "name": .optional(snapshot.name), "group_type_id": .string(snapshot.groupTypeID.key)]])
    }

    func list(_ request: Request, _ context: APIContext, detailed: Bool) async throws -> Response {
        let caller = try Self.caller(context, "group:get_all_group_snapshots")
        let everyone = caller.isAdmin && Listing.truthy(request.uri.cinderQuery.get("all_tenants"))
        var shown: [JSONValue] = []
        for snapshot in try await store.groupSnapshots(projectID: everyone ? nil : caller.projectID) {
            let snapshot = try await service.settled(snapshot)
            guard snapshot.status != .deleted else { continue }
            shown.append(
                detailed
                    ? Self.detail(snapshot, context, caller)
                    : ["id": .string(snapshot.id.key), "name": .optional(snapshot.name), "group_type_id": .string(snapshot.groupTypeID.key)])
        }
        return JSONResponse.make(.ok, ["group_snapshots": .array(shown)])
    }

    /// The caller, once the resource exists for the request's microversion (3.14); 404 before it.
    static func caller(_ context: APIContext, _ action: String) throws -> CallContext {
        try ProjectScope.caller(context, action, since: .groupSnapshotID)
    }

    private func visible(_ context: APIContext, _ caller: CallContext) async throws -> GroupSnapshot {
        let snapshot = try await service.settled(try await Self.visible(Lookup.parameter(context, "group_snapshot_id"), store, caller))
        guard snapshot.status != .deleted else { throw Self.notFound(snapshot.id.key) }
        return snapshot
    }

    static func visible(_ raw: String, _ store: any Store, _ caller: CallContext) async throws -> GroupSnapshot {
        guard let id = UUID(key: raw), let snapshot = try await store.groupSnapshot(id: id), caller.isAdmin || snapshot.projectID == caller.projectID
        else { throw notFound(raw) }
        return snapshot
    }

    static func notFound(_ id: String) -> Fault { .notFound("GroupSnapshot \(id) could not be found.") }

    /// Cinder's detail view; admins see the project from 3.58.
    static func detail(_ snapshot: GroupSnapshot, _ context: APIContext, _ caller: CallContext) -> JSONValue {
        var body: JSONObject = [
            "id": .string(snapshot.id.key), "group_id": .string(snapshot.groupID.key), "group_type_id": .string(snapshot.groupTypeID.key),
            "status": .string(snapshot.status.rawValue), "created_at": CinderDate.json(snapshot.createdAt), "name": .optional(snapshot.name),
            "description": .optional(snapshot.description),
        ]
        if context.version >= .groupProjectID, caller.isAdmin { body["project_id"] = .string(snapshot.projectID) }
        return .object(body)
    }
}
