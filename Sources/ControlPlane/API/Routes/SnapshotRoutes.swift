import EmberModel
import EmberStore
import Foundation
import Hummingbird
import Logging

/// `/snapshots`: create, list, show, update, delete, the admin actions and metadata.
struct SnapshotRoutes {
    static let sortable: Set<String> = ["id", "name", "status", "size", "volume_id", "created_at", "updated_at"]
    static let filterable: Set<String> = ["name", "status", "volume_id"]

    let service: SnapshotAPI
    var store: any Store { service.store }
    var lookup: Lookup { service.lookup }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.post("\(prefix)/snapshots", use: create)
            router.get("\(prefix)/snapshots", use: list)
            router.get("\(prefix)/snapshots/detail", use: list)
            router.get("\(prefix)/snapshots/:snapshot_id", use: show)
            router.put("\(prefix)/snapshots/:snapshot_id", use: update)
            router.delete("\(prefix)/snapshots/:snapshot_id", use: delete)
            router.post("\(prefix)/snapshots/:snapshot_id/action", use: action)
        }
        MetadataRoutes(
            collection: "snapshots", parameter: "snapshot_id", resource: "snapshot",
            read: { id, caller in try await lookup.snapshot(id, caller).metadata },
            edit: { id, caller, edit, _ in
                try await service.update(try await lookup.snapshot(id, caller), VolumeUpdate(metadata: edit)).metadata
            }
        ).register(on: router)
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:create_snapshot")
        var input = try SnapshotCreateRequest(try await RequestBody.object(request, required: "snapshot"))
        if context.version >= .snapshotInUse {
            // 3.66: an in-use volume is snapshotted without `force`; an explicit false is refused, as Cinder does.
            guard !input.forceGiven || input.force else {
                throw Fault.badRequest("From microversion 3.66 'force' is not accepted here (a true value is ignored, for older clients).")
            }
            input.force = true
        }
        let volume = try await lookup.volume(input.volumeID, caller)
        let snapshot = try await service.create(input, of: volume, caller: caller, logger: context.logger)
        return JSONResponse.make(.accepted, ["snapshot": SnapshotView(version: context.version).bareDetail(snapshot)])
    }

    @Sendable func list(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:get_all_snapshots")
        let parameters = request.uri.cinderQuery
        let allTenants = caller.isAdmin && Listing.truthy(parameters.get("all_tenants"))
        let query = SnapshotQuery(projectID: allTenants ? parameters.get("project_id") : caller.projectID)
        let listing = try Listing(parameters, version: context.version, sortable: Self.sortable, filterable: Self.filterable)
        let page = try listing.apply(to: try await store.snapshots(matching: query))
        let view = SnapshotView(version: context.version)
        let detailed = request.uri.path.hasSuffix("/detail")
        var trailer: JSONObject = [:]
        if listing.withCount { trailer["count"] = .int(page.matching) }
        trailer["snapshots_links"] = listing.nextLink(page, request: request)
        return await JSONResponse.listing(.ok, key: "snapshots", rows: page.items, trailer: trailer, render: detailed ? view.detail : view.summary)
    }

    @Sendable func show(_ request: Request, _ context: APIContext) async throws -> Response {
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), try ProjectScope.caller(context, "volume:get_snapshot"))
        return JSONResponse.make(.ok, ["snapshot": SnapshotView(version: context.version).detail(snapshot)])
    }

    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:update_snapshot")
        let input = try SnapshotUpdateRequest(try await RequestBody.object(request, required: "snapshot"))
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), caller)
        let updated = try await service.update(snapshot, input.update)
        return JSONResponse.make(.ok, ["snapshot": SnapshotView(version: context.version).bareDetail(updated)])
    }

    @Sendable func delete(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:delete_snapshot")
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), caller)
        try await service.delete(snapshot, force: false, caller: caller, logger: context.logger)
        return JSONResponse.empty(.accepted)
    }

    /// `os-reset_status`, `os-force_delete` and `os-unmanage`, admin-only, and the member's `os-update_snapshot_status`.
    @Sendable func action(_ request: Request, _ context: APIContext) async throws -> Response {
        let action = try await VolumeAction.read(
            request, allowed: ["os-reset_status", "os-force_delete", "os-update_snapshot_status", "os-unmanage"])
        if action.name == "os-update_snapshot_status" { return try await updateStatus(action, context) }
        let rule =
            action.name == "os-unmanage"
            ? "snapshot_extension:snapshot_unmanage" : "volume_extension:snapshot_admin_actions:\(action.name.dropFirst(3))"
        let caller = try ProjectScope.admin(context, action: rule)
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), caller)
        switch action.name {
        case "os-reset_status":
            try await service.resetStatus(snapshot, to: try action.status(SnapshotStatus.self, allowed: SnapshotStatus.resettable))
        case "os-unmanage":
            try await service.delete(snapshot, force: false, unmanage: true, caller: caller, logger: context.logger)
        default:
            try await service.delete(snapshot, force: true, caller: caller, logger: context.logger)
        }
        return JSONResponse.empty(.accepted)
    }

    /// Moves a creating or deleting snapshot as its creator reports (Cinder's status map), with progress.
    private func updateStatus(_ action: VolumeAction, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "snapshot_extension:snapshot_actions:update_snapshot_status")
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), caller)
        try FieldError.rejectUnknown(action.arguments, allowed: ["status", "progress"], in: action.name)
        guard let raw = try FieldError.string(action.arguments, "status") else {
            throw Fault.badRequest("Invalid input for field/attribute \(action.name). 'status' is a required property.")
        }
        let progress = try FieldError.string(action.arguments, "progress")
        guard [.creating, .deleting].contains(snapshot.status) else {
            throw Fault.badRequest("Snapshot status \(snapshot.status.rawValue) not allowed for update_snapshot_status")
        }
        guard let status = SnapshotStatus(rawValue: raw), try await store.apply(.statusUpdated(status), toSnapshot: snapshot.id) else {
            throw Fault.badRequest("Provided snapshot status \(raw) not allowed for snapshot with status \(snapshot.status.rawValue).")
        }
        if let progress, !progress.isEmpty { _ = try await store.updateSnapshot(id: snapshot.id, VolumeUpdate(progress: progress)) }
        return JSONResponse.empty(.accepted)
    }
}
