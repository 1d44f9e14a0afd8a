import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/groups` (3.13): create, create from a group snapshot or another group (3.14), list, detail, show,
/// update (name, description, add and remove volumes), and the actions delete and reset_status (3.20).
struct GroupRoutes {
    let service: GroupAPI
    var store: any Store { service.store }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            let base = "\(prefix)/groups"
            router.post(RouterPath(base), use: create)
            router.post(RouterPath(base + "/action"), use: createFromSource)
            router.get(RouterPath(base)) { request, context in try await list(request, context, detailed: false) }
            router.get(RouterPath(base + "/detail")) { request, context in try await list(request, context, detailed: true) }
            router.get(RouterPath(base + "/:group_id")) { request, context in
                let caller = try Self.caller(context, "group:get")
                let group = try await service.settled(try await visible(context, caller))
                return JSONResponse.make(.ok, ["group": try await view(group, request, context, caller)])
            }
            router.put(RouterPath(base + "/:group_id"), use: update)
            router.post(RouterPath(base + "/:group_id/action"), use: action)
        }
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try Self.caller(context, "group:create")
        let body = try await RequestBody.object(request, required: "group")
        try FieldError.rejectUnknown(body, allowed: ["name", "description", "group_type", "volume_types", "availability_zone"], in: "group")
        guard let typeName = try FieldError.string(body, "group_type"), let rawTypes = body["volume_types"]?.arrayValue, !rawTypes.isEmpty else {
            throw Fault.badRequest("Invalid input for field/attribute group. 'group_type' and 'volume_types' are required properties.")
        }
        guard let groupType = try await store.groupType(typeName), groupType.isPublic || caller.isAdmin else { throw GroupTypeRoutes.notFound(typeName) }
        var volumeTypes: [UUID] = []
        for raw in rawTypes {
            guard let name = raw.stringValue else { throw FieldError.invalid("volume_types", raw, "is not of type 'string'") }
            volumeTypes.append(try await Lookup(store: store).volumeType(name, caller).id)
        }
        let group = VolumeGroup(
            projectID: caller.projectID, userID: caller.userID, name: try FieldError.string(body, "name"),
            description: try FieldError.string(body, "description"),
            availabilityZone: try FieldError.string(body, "availability_zone") ?? service.volumes.defaultAvailabilityZone,
            groupTypeID: groupType.id, volumeTypeIDs: volumeTypes)
        try await store.insertGroup(group)
        return JSONResponse.make(.accepted, ["group": Self.summary(group)])
    }

    /// `{"create-from-src": {"group_snapshot_id" | "source_group_id", "name", "description"}}`.
    @Sendable func createFromSource(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try Self.caller(context, "group:create")
        guard context.version >= .groupSnapshotID else { throw Fault.notFound("The resource could not be found.") }
        let body = try await RequestBody.object(request, required: "create-from-src")
        try FieldError.rejectUnknown(body, allowed: ["name", "description", "group_snapshot_id", "source_group_id"], in: "create-from-src")
        let snapshotID = try FieldError.string(body, "group_snapshot_id")
        let sourceID = try FieldError.string(body, "source_group_id")
        guard (snapshotID == nil) != (sourceID == nil) else {
            throw Fault.badRequest("Invalid input received: Either 'group_snapshot_id' or 'source_group_id' must be provided.")
        }
        let snapshot = try await snapshotID.asyncMap { try await GroupSnapshotRoutes.visible($0, store, caller) }
        let source = try await sourceID.asyncMap { try await Self.visible($0, store, caller) }
        var origin = source
        if origin == nil { origin = try await Self.visible(snapshot?.groupID.key ?? "", store, caller) }
        guard let origin else { throw Fault.notFound("Group could not be found.") }
        var group = VolumeGroup(
            projectID: caller.projectID, userID: caller.userID, name: try FieldError.string(body, "name"),
            description: try FieldError.string(body, "description"), availabilityZone: origin.availabilityZone,
            groupTypeID: origin.groupTypeID, volumeTypeIDs: origin.volumeTypeIDs, groupSnapshotID: snapshot?.id, sourceGroupID: source?.id)
        group = try await service.createFromSource(group, snapshot: snapshot, sourceGroup: source, caller: caller, logger: context.logger)
        return JSONResponse.make(.accepted, ["group": Self.summary(group)])
    }

    func list(_ request: Request, _ context: APIContext, detailed: Bool) async throws -> Response {
        let caller = try Self.caller(context, "group:get_all")
        let everyone = caller.isAdmin && Listing.truthy(request.uri.cinderQuery.get("all_tenants"))
        var shown: [JSONValue] = []
        for group in try await store.groups(projectID: everyone ? nil : caller.projectID) {
            let group = try await service.settled(group)
            shown.append(detailed ? try await view(group, request, context, caller) : Self.summary(group))
        }
        return JSONResponse.make(.ok, ["groups": .array(shown)])
    }

    /// Name and description, and `add_volumes`/`remove_volumes` (comma-separated ids), in one go.
    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try Self.caller(context, "group:update")
        let group = try await visible(context, caller)
        let body = try await RequestBody.object(request, required: "group")
        try FieldError.rejectUnknown(body, allowed: ["name", "description", "add_volumes", "remove_volumes"], in: "group")
        let ids = { (key: String) throws -> [UUID] in
            try (try FieldError.string(body, key, maxLength: 65535) ?? "").split(separator: ",").map {
                let raw = $0.trimmingCharacters(in: .whitespaces)
                guard let id = UUID(key: raw) else { throw Fault.volumeNotFound(raw) }
                return id
            }
        }
        let name: String?? = body["name"] == nil ? nil : .some(try FieldError.string(body, "name"))
        let description: String?? = body["description"] == nil ? nil : .some(try FieldError.string(body, "description"))
        let (add, remove) = (try ids("add_volumes"), try ids("remove_volumes"))
        guard name != nil || description != nil || !add.isEmpty || !remove.isEmpty else {
            throw Fault.badRequest("Name, description, add_volumes, and remove_volumes can not be all empty in the request body.")
        }
        guard group.status == .available else {
            throw Fault.badRequest("Invalid group: Group \(group.id.key) status must be available, but current status is: \(group.status.rawValue).")
        }
        try await store.changeGroupMembers(groupID: group.id, add: add, remove: remove)
        _ = try await store.updateGroup(id: group.id) { group in
            if let name { group.name = name }
            if let description { group.description = description }
        }
        return JSONResponse.empty(.accepted)
    }

    /// `delete` (with `delete-volumes`) and the admin's `reset_status` (3.20).
    @Sendable func action(_ request: Request, _ context: APIContext) async throws -> Response {
        let action = try await VolumeAction.read(request, allowed: ["delete", "reset_status"])
        if action.name == "reset_status" {
            let caller = try Self.caller(context, "group:reset_status")
            guard context.version >= .groupStatusReset else { throw Fault.badRequest("There is no such action: reset_status") }
            let group = try await visible(context, caller)
            let status = try action.status(GroupStatus.self, allowed: Set(GroupStatus.allCases).subtracting([.deleted]))
            _ = try await store.setGroupStatus(id: group.id, from: nil, to: status, snapshot: false, awaiting: false)
            return JSONResponse.empty(.accepted)
        }
        let caller = try Self.caller(context, "group:delete")
        let group = try await visible(context, caller)
        try FieldError.rejectUnknown(action.arguments, allowed: ["delete-volumes"], in: "delete")
        let deleteVolumes = try FieldError.bool(action.arguments, "delete-volumes") ?? false
        try await service.delete(group, deleteVolumes: deleteVolumes, caller: caller, logger: context.logger)
        return JSONResponse.empty(.accepted)
    }

    /// The caller, once the resource exists for the request's microversion (3.13); 404 before it.
    static func caller(_ context: APIContext, _ action: String) throws -> CallContext {
        try ProjectScope.caller(context, action, since: .groupID)
    }

    private func visible(_ context: APIContext, _ caller: CallContext) async throws -> VolumeGroup {
        try await Self.visible(Lookup.parameter(context, "group_id"), store, caller)
    }

    static func visible(_ raw: String, _ store: any Store, _ caller: CallContext) async throws -> VolumeGroup {
        guard let id = UUID(key: raw), let group = try await store.group(id: id), caller.isAdmin || group.projectID == caller.projectID else {
            throw Fault.notFound("Group \(raw) could not be found.")
        }
        return group
    }

    static func summary(_ group: VolumeGroup) -> JSONValue {
        ["id": .string(group.id.key), "name": .optional(group.name)]
    }

    /// Cinder's detail view, by microversion: the sources from 3.14, the volumes with `list_volume`
    /// from 3.25, the replication status from 3.38, the project for admins from 3.58.
    func view(_ group: VolumeGroup, _ request: Request, _ context: APIContext, _ caller: CallContext) async throws -> JSONValue {
        var body: JSONObject = [
            "id": .string(group.id.key), "status": .string(group.status.rawValue), "availability_zone": .string(group.availabilityZone),
            "created_at": CinderDate.json(group.createdAt), "name": .optional(group.name), "description": .optional(group.description),
            "group_type": .string(group.groupTypeID.key), "volume_types": .array(group.volumeTypeIDs.map { .string($0.key) }),
        ]
        if context.version >= .groupSnapshotID {
            body["group_snapshot_id"] = .optional(group.groupSnapshotID?.key)
            body["source_group_id"] = .optional(group.sourceGroupID?.key)
        }
        if context.version >= .groupVolumeList, Listing.truthy(request.uri.cinderQuery.get("list_volume")) {
            body["volumes"] = .array(try await service.members(of: group).map { .string($0.id.key) })
        }
        if context.version >= .groupReplication { body["replication_status"] = .null }
        if context.version >= .groupProjectID, caller.isAdmin { body["project_id"] = .string(group.projectID) }
        return .object(body)
    }
}

extension Optional {
    /// `map` for an asynchronous transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
