import EmberModel
import EmberRPC
import EmberStore
import Foundation
import Hummingbird
import Logging

/// `/snapshots`: create, list, show, update, delete, the admin actions and metadata.
struct SnapshotRoutes {
    static let sortable: Set<String> = ["id", "name", "status", "size", "volume_id", "created_at", "updated_at"]
    static let filterable: Set<String> = ["name", "status", "volume_id"]

    let store: any Store
    let volumes: VolumeRPC
    var lookup: Lookup { Lookup(store: store) }

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
                let snapshot = try await lookup.snapshot(id, caller)
                guard let updated = try await store.updateSnapshot(id: snapshot.id, VolumeUpdate(metadata: edit)) else {
                    throw Fault.notFound("Snapshot \(id) could not be found.")
                }
                return updated.metadata
            }
        ).register(on: router)
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:create_snapshot")
        let input = try SnapshotCreateRequest(try await RequestBody.object(request, required: "snapshot"))
        let volume = try await lookup.volume(input.volumeID, caller)
        guard let host = volume.host else {
            throw Fault.badRequest("Invalid volume: Volume \(volume.id.key) status must be available, but current status is: \(volume.status.rawValue).")
        }
        var snapshot = Snapshot(
            projectID: caller.projectID, userID: caller.userID, volumeID: volume.id, name: input.name,
            description: input.description, sizeGB: volume.sizeGB, metadata: input.metadata)
        // `force` snapshots an in-use volume too (crash-consistent, as in Cinder).
        snapshot = try await store.insertSnapshot(snapshot, volumeStatuses: VolumeLifecycle.readable.union(input.force ? [.inUse] : []))
        do {
            try await volumes.createSnapshot(snapshot.id, host: host, context: caller)
        } catch {
            context.logger.error("snapshot \(snapshot.id.key): volume service \(host) unreachable: \(error)")
            try await store.transitionSnapshot(id: snapshot.id, from: [.creating], to: .error)
            throw Fault(.unavailable, "The volume service \(host) is unavailable; snapshot \(snapshot.id.key) was set to error.")
        }
        return JSONResponse.make(.accepted, ["snapshot": SnapshotView(version: context.version).detail(snapshot)])
    }

    @Sendable func list(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:get_all_snapshots")
        let parameters = request.uri.queryParameters
        let allTenants = caller.isAdmin && Listing.truthy(parameters.get("all_tenants"))
        let query = SnapshotQuery(projectID: allTenants ? parameters.get("project_id") : caller.projectID)
        let listing = try Listing(parameters, version: context.version, sortable: Self.sortable, filterable: Self.filterable)
        let page = try listing.apply(to: try await store.snapshots(matching: query))
        let view = SnapshotView(version: context.version)
        var body: JSONObject = ["snapshots": .array(page.items.map(view.detail))]
        if listing.withCount { body["count"] = .int(page.matching) }
        body["snapshots_links"] = listing.nextLink(page, request: request)
        return JSONResponse.make(.ok, .object(body))
    }

    @Sendable func show(_ request: Request, _ context: APIContext) async throws -> Response {
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), try ProjectScope.caller(context, "volume:get_snapshot"))
        return JSONResponse.make(.ok, ["snapshot": SnapshotView(version: context.version).detail(snapshot)])
    }

    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:update_snapshot")
        let input = try SnapshotUpdateRequest(try await RequestBody.object(request, required: "snapshot"))
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), caller)
        guard let updated = try await store.updateSnapshot(id: snapshot.id, input.update) else {
            throw Fault.notFound("Snapshot \(snapshot.id.key) could not be found.")
        }
        return JSONResponse.make(.ok, ["snapshot": SnapshotView(version: context.version).detail(updated)])
    }

    @Sendable func delete(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:delete_snapshot")
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), caller)
        try await delete(snapshot, from: SnapshotStatus.deletable, context: context, caller: caller)
        return JSONResponse.empty(.accepted)
    }

    /// `os-reset_status` and `os-force_delete`, both admin-only.
    @Sendable func action(_ request: Request, _ context: APIContext) async throws -> Response {
        let action = try await VolumeAction.read(request, allowed: ["os-reset_status", "os-force_delete"])
        let caller = try ProjectScope.admin(context, action: "volume_extension:snapshot_admin_actions:\(action.name.dropFirst(3))")
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), caller)
        switch action.name {
        case "os-reset_status":
            let status = try action.status(SnapshotStatus.self, allowed: SnapshotStatus.resettable)
            guard try await store.transitionSnapshot(id: snapshot.id, from: SnapshotStatus.resettable, to: status) else {
                throw Fault.notFound("Snapshot \(snapshot.id.key) could not be found.")
            }
        default:
            try await delete(snapshot, from: SnapshotStatus.resettable, context: context, caller: caller)
        }
        return JSONResponse.empty(.accepted)
    }

    private func delete(_ snapshot: Snapshot, from allowed: Set<SnapshotStatus>, context: APIContext, caller: CallContext) async throws {
        guard try await store.transitionSnapshot(id: snapshot.id, from: allowed, to: .deleting) else {
            guard let current = try await store.snapshot(id: snapshot.id) else {
                throw Fault.notFound("Snapshot \(snapshot.id.key) could not be found.")
            }
            guard allowed.contains(current.status) else {
                throw Fault.badRequest("Invalid snapshot: Snapshot status must be available or error and must not be part of a group, but current status is: \(current.status.rawValue).")
            }
            throw Fault.badRequest("Invalid snapshot: Snapshot \(snapshot.id.key) is the source of a volume being created.")
        }
        guard let host = try await store.volume(id: snapshot.volumeID)?.host else {
            try await store.transitionSnapshot(id: snapshot.id, from: [.deleting], to: .deleted)
            return
        }
        do {
            try await volumes.deleteSnapshot(snapshot.id, host: host, context: caller)
        } catch {
            context.logger.error("snapshot \(snapshot.id.key): volume service \(host) unreachable: \(error)")
            try await store.transitionSnapshot(id: snapshot.id, from: [.deleting], to: .errorDeleting)
            throw Fault(.unavailable, "The volume service \(host) is unavailable; snapshot \(snapshot.id.key) was set to error_deleting.")
        }
    }
}
