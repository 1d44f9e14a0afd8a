import Foundation
import Hummingbird

/// `/volumes`: create, list, show, update and delete, with Cinder's status rules and faults.
struct VolumeRoutes {
    let store: any Store
    let scheduler: SchedulerRPC
    let volumes: VolumeRPC
    let defaultAvailabilityZone: String

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.post("\(prefix)/volumes", use: create)
            router.get("\(prefix)/volumes", use: { try await list($0, $1, detailed: false) })
            router.get("\(prefix)/volumes/detail", use: { try await list($0, $1, detailed: true) })
            router.get("\(prefix)/volumes/:volume_id", use: show)
            router.put("\(prefix)/volumes/:volume_id", use: update)
            router.delete("\(prefix)/volumes/:volume_id", use: delete)
        }
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context)
        let body = try await RequestBody.object(request, required: "volume", allowed: ["OS-SCH-HNT:scheduler_hints"])
        let input = try VolumeCreateRequest(body)
        let type = try await volumeType(input.volumeType)
        let zone = try await availabilityZone(input.availabilityZone)
        let volume = Volume(
            projectID: caller.projectID, userID: caller.userID, name: input.name, description: input.description,
            sizeGB: input.sizeGB, availabilityZone: zone, volumeTypeID: type.id, multiattach: input.multiattach,
            metadata: input.metadata)
        try await store.insertVolume(volume)
        let placement = PlacementRequest(volumeID: volume.id, sizeGB: volume.sizeGB, availabilityZone: zone, volumeTypeID: type.id)
        do {
            try await scheduler.createVolume(placement, context: caller)
        } catch {
            context.logger.error("volume \(volume.id.key): scheduler unreachable: \(error)")
            try await store.apply(.schedulingFailed, toVolume: volume.id)
            throw Fault(code: 503, message: "The scheduler is unavailable; volume \(volume.id.key) was set to error.")
        }
        let view = try await view(request, context, caller)
        return JSONResponse.make(.accepted, ["volume": view.detail(volume)])
    }

    @Sendable func list(_ request: Request, _ context: APIContext, detailed: Bool) async throws -> Response {
        let caller = try ProjectScope.caller(context)
        let listing = try VolumeListing(query: request.uri.queryParameters, caller: caller, version: context.version)
        let found = listing.filter(try await store.volumes(matching: listing.query))
        let page = try listing.page(of: found)
        let view = try await view(request, context, caller)
        var body: JSONObject = ["volumes": .array(page.map(detailed ? view.detail : view.summary))]
        if listing.withCount { body["count"] = .int(found.count) }
        if let next = listing.nextLink(page: page, total: found, base: "\(request.baseURL)\(request.uri.path)") {
            body["volumes_links"] = [["href": .string(next), "rel": "next"]]
        }
        return JSONResponse.make(.ok, .object(body))
    }

    @Sendable func show(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context)
        let volume = try await find(context, caller)
        return JSONResponse.make(.ok, ["volume": try await view(request, context, caller).detail(volume)])
    }

    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context)
        let input = try VolumeUpdateRequest(try await RequestBody.object(request, required: "volume"))
        let volume = try await find(context, caller)
        guard let updated = try await store.updateVolume(id: volume.id, input.update) else {
            throw Fault.volumeNotFound(volume.id.key)
        }
        return JSONResponse.make(.ok, ["volume": try await view(request, context, caller).detail(updated)])
    }

    @Sendable func delete(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context)
        let volume = try await find(context, caller)
        guard try await store.apply(.deleteRequested, toVolume: volume.id) else {
            throw try await refusal(deleting: volume.id)
        }
        guard let host = volume.host else {
            // Never placed: there is no backing store to remove.
            try await store.apply(.deleteSucceeded, toVolume: volume.id)
            return JSONResponse.empty(.accepted)
        }
        do {
            try await volumes.deleteVolume(volume.id, host: host, context: caller)
        } catch {
            context.logger.error("volume \(volume.id.key): volume service \(host) unreachable: \(error)")
            try await store.apply(.deleteFailed, toVolume: volume.id)
            throw Fault(code: 503, message: "The volume service \(host) is unavailable; volume \(volume.id.key) was set to error_deleting.")
        }
        return JSONResponse.empty(.accepted)
    }

    // MARK: Helpers

    /// A live volume the caller may see, or 404 (another project's volume is "not found", as in Cinder).
    private func find(_ context: APIContext, _ caller: CallContext) async throws -> Volume {
        let raw = context.parameters.get("volume_id") ?? ""
        guard let id = UUID(key: raw), let volume = try await store.volume(id: id),
            caller.isAdmin || volume.projectID == caller.projectID
        else { throw Fault.volumeNotFound(raw) }
        return volume
    }

    /// Why a delete lost its conditional update: the volume is gone, or in a status that forbids it.
    private func refusal(deleting id: UUID) async throws -> Fault {
        guard let current = try await store.volume(id: id) else { return Fault.volumeNotFound(id.key) }
        let allowed = VolumeLifecycle.deletable.map(\.rawValue).sorted().joined(separator: " or ")
        return Fault.badRequest("Invalid volume: Volume status must be \(allowed), but current status is: \(current.status.rawValue).")
    }

    private func volumeType(_ requested: String?) async throws -> VolumeType {
        guard let requested else { return try await store.defaultVolumeType() }
        guard let type = try await store.volumeType(requested) else {
            throw Fault.notFound("Volume type with name or id \(requested) could not be found.")
        }
        return type
    }

    private func availabilityZone(_ requested: String?) async throws -> String {
        guard let requested else { return defaultAvailabilityZone }
        let zones = Set(try await store.services().map(\.availabilityZone)).union([defaultAvailabilityZone])
        guard zones.contains(requested) else { throw Fault.badRequest("Invalid input received: Availability zone '\(requested)' is invalid.") }
        return requested
    }

    private func view(_ request: Request, _ context: APIContext, _ caller: CallContext) async throws -> VolumeView {
        let names = Dictionary(uniqueKeysWithValues: try await store.volumeTypes().map { ($0.id, $0.name) })
        return VolumeView(version: context.version, caller: caller, baseURL: request.baseURL, typeNames: names)
    }
}
