import EmberModel
import EmberRPC
import EmberStore
import Foundation
import Hummingbird
import Logging

/// `/volumes`: create (empty, from a snapshot, from a volume), list, show, update and delete, with
/// Cinder's status rules and faults.
struct VolumeRoutes {
    let store: any Store
    let scheduler: SchedulerRPC
    let volumes: VolumeRPC
    let defaultAvailabilityZone: String
    var lookup: Lookup { Lookup(store: store) }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.post("\(prefix)/volumes", use: create)
            router.get("\(prefix)/volumes", use: { try await list($0, $1, detailed: false) })
            router.get("\(prefix)/volumes/detail", use: { try await list($0, $1, detailed: true) })
            router.get("\(prefix)/volumes/summary", use: summary)
            router.get("\(prefix)/volumes/:volume_id", use: show)
            router.put("\(prefix)/volumes/:volume_id", use: update)
            router.delete("\(prefix)/volumes/:volume_id", use: delete)
        }
    }

    @Sendable func create(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:create")
        let body = try await RequestBody.object(request, required: "volume", allowed: ["OS-SCH-HNT:scheduler_hints"])
        let input = try VolumeCreateRequest(body)
        let source = try await self.source(of: input, caller)
        let type = try await volumeType(input.volumeType, source: source?.volume, caller)
        let zone = try await availabilityZone(input.availabilityZone, source: source?.volume)
        var volume = Volume(
            projectID: caller.projectID, userID: caller.userID, name: input.name, description: input.description,
            sizeGB: try size(input.sizeGB, source: source), availabilityZone: zone, volumeTypeID: type.id,
            bootable: source?.volume.bootable ?? false, multiattach: input.multiattach, metadata: input.metadata,
            snapshotID: source?.snapshot?.id, sourceVolumeID: source?.snapshot == nil ? source?.volume.id : nil)
        volume = try await store.insertVolume(volume, sizeGiven: input.sizeGB != nil)
        do {
            try await scheduler.createVolume(try await store.placementRequest(for: volume), context: caller)
        } catch {
            context.logger.error("volume \(volume.id.key): scheduler unreachable: \(error)")
            try await store.apply(.schedulingFailed, toVolume: volume.id)
            throw Fault(.unavailable, "The scheduler is unavailable; volume \(volume.id.key) was set to error.")
        }
        let view = try await view(request, context, caller)
        return JSONResponse.make(.accepted, ["volume": view.detail(volume)])
    }

    @Sendable func list(_ request: Request, _ context: APIContext, detailed: Bool) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:get_all")
        let listing = try VolumeListing(query: request.uri.queryParameters, caller: caller, version: context.version)
        let page = try listing.listing.apply(to: try await store.volumes(matching: listing.query))
        let view = try await view(request, context, caller)
        var body: JSONObject = ["volumes": .array(page.items.map(detailed ? view.detail : view.summary))]
        if listing.listing.withCount { body["count"] = .int(page.matching) }
        body["volumes_links"] = listing.listing.nextLink(page, request: request)
        return JSONResponse.make(.ok, .object(body))
    }

    /// `GET /volumes/summary` (3.12; metadata from 3.36): how many volumes, how many GiB.
    @Sendable func summary(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:get_all")
        guard context.version >= .volumeSummary else { throw Fault.volumeNotFound("summary") }
        let listing = try VolumeListing(query: request.uri.queryParameters, caller: caller, version: context.version)
        let volumes = try listing.listing.apply(to: try await store.volumes(matching: listing.query)).items
        var body: JSONObject = ["total_size": .int(volumes.reduce(0) { $0 + $1.sizeGB }), "total_count": .int(volumes.count)]
        if context.version >= .summaryMetadata {
            let pairs = volumes.flatMap(\.metadata)
            let grouped = Dictionary(grouping: pairs, by: \.key).mapValues { Array(Set($0.map(\.value))).sorted().map(JSONValue.string) }
            body["metadata"] = .object(JSONObject(grouped.mapValues(JSONValue.array)))
        }
        return JSONResponse.make(.ok, ["volume-summary": .object(body)])
    }

    @Sendable func show(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:get")
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), caller)
        return JSONResponse.make(.ok, ["volume": try await view(request, context, caller).detail(volume)])
    }

    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:update")
        let input = try VolumeUpdateRequest(try await RequestBody.object(request, required: "volume"))
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), caller)
        guard let updated = try await store.updateVolume(id: volume.id, input.update) else {
            throw Fault.volumeNotFound(volume.id.key)
        }
        return JSONResponse.make(.ok, ["volume": try await view(request, context, caller).detail(updated)])
    }

    @Sendable func delete(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:delete")
        if Listing.truthy(request.uri.queryParameters.get("cascade")) {
            throw Fault.invalidInput("cascade deletion is not supported by this Ember release; delete the snapshots first.")
        }
        let force = context.version >= .forceDeleteParameter && Listing.truthy(request.uri.queryParameters.get("force"))
        if force { _ = try ProjectScope.admin(context, action: "volume:force_delete") }
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), caller)
        try await delete(volume, from: force ? VolumeLifecycle.resettable : VolumeLifecycle.deletable, context: context, caller: caller)
        return JSONResponse.empty(.accepted)
    }

    /// Moves `volume` to deleting if its status is in `allowed` and nothing depends on it, then asks its
    /// host to remove it. Shared by delete and the admin's `os-force_delete`.
    func delete(_ volume: Volume, from allowed: Set<VolumeStatus>, context: APIContext, caller: CallContext) async throws {
        guard try await store.transitionVolume(id: volume.id, from: allowed, to: .deleting) else {
            throw try await refusal(deleting: volume.id, allowed: allowed)
        }
        guard let host = volume.host else {
            // Never placed: there is no backing store to remove.
            try await store.apply(.deleteSucceeded, toVolume: volume.id)
            return
        }
        do {
            try await volumes.deleteVolume(volume.id, host: host, context: caller)
        } catch {
            context.logger.error("volume \(volume.id.key): volume service \(host) unreachable: \(error)")
            try await store.apply(.deleteFailed, toVolume: volume.id)
            throw Fault(.unavailable, "The volume service \(host) is unavailable; volume \(volume.id.key) was set to error_deleting.")
        }
    }

    // MARK: Helpers

    /// The source a create names, checked now for the caller's sake; the store checks its status again
    /// inside the insert's transaction.
    private func source(of input: VolumeCreateRequest, _ caller: CallContext) async throws -> (volume: Volume, snapshot: Snapshot?)? {
        if let raw = input.snapshotID {
            let snapshot = try await lookup.snapshot(raw, caller)
            guard let volume = try await store.volume(id: snapshot.volumeID) else { throw Fault.volumeNotFound(snapshot.volumeID.key) }
            return (volume, snapshot)
        }
        if let raw = input.sourceVolumeID { return (try await lookup.volume(raw, caller), nil) }
        return nil
    }

    /// The requested type, else the source's, else the default.
    private func volumeType(_ requested: String?, source: Volume?, _ caller: CallContext) async throws -> VolumeType {
        if let requested { return try await lookup.volumeType(requested, caller) }
        if let source, let type = try await store.volumeType(source.volumeTypeID.key) { return type }
        return try await store.defaultVolumeType()
    }

    private func size(_ requested: Int?, source: (volume: Volume, snapshot: Snapshot?)?) throws -> Int {
        guard let source else { return requested ?? 0 }
        let (minimum, what) = source.snapshot.map { ($0.sizeGB, "the snapshot size") } ?? (source.volume.sizeGB, "original volume size")
        let size = requested ?? minimum
        guard size >= minimum else {
            throw Fault.invalidInput("Volume size '\(size)'GB cannot be smaller than \(what) \(minimum)GB. They must be >= \(what).")
        }
        return size
    }

    /// Why a delete lost its conditional update: the volume is gone, in a status that forbids it, or
    /// something depends on it.
    private func refusal(deleting id: UUID, allowed: Set<VolumeStatus>) async throws -> Fault {
        guard let current = try await store.volume(id: id) else { return Fault.volumeNotFound(id.key) }
        guard allowed.contains(current.status) else {
            let names = allowed.map(\.rawValue).sorted().joined(separator: " or ")
            return Fault.badRequest("Invalid volume: Volume status must be \(names), but current status is: \(current.status.rawValue).")
        }
        let dependents = try await store.dependents(ofVolume: id)
        if dependents.snapshots > 0 {
            return Fault.badRequest("Invalid volume: Volume still has \(dependents.snapshots) dependent snapshots.")
        }
        return Fault.badRequest("Invalid volume: Volume \(id.key) is the source of a volume being created.")
    }

    private func availabilityZone(_ requested: String?, source: Volume?) async throws -> String {
        if let source {
            if let requested, requested != source.availabilityZone {
                throw Fault.invalidInput("Availability zone '\(requested)' differs from the source's zone '\(source.availabilityZone)'.")
            }
            return source.availabilityZone
        }
        guard let requested else { return defaultAvailabilityZone }
        let zones = Set(try await store.services().map(\.availabilityZone)).union([defaultAvailabilityZone])
        guard zones.contains(requested) else { throw Fault.badRequest("Invalid input received: Availability zone '\(requested)' is invalid.") }
        return requested
    }

    func view(_ request: Request, _ context: APIContext, _ caller: CallContext) async throws -> VolumeView {
        let names = Dictionary(uniqueKeysWithValues: try await store.volumeTypes().map { ($0.id, $0.name) })
        let attached = try await store.attachments(projectID: caller.isAdmin ? nil : caller.projectID, volumeID: nil)
            .filter { $0.status == .attached }
        return VolumeView(version: context.version, caller: caller, baseURL: request.baseURL, typeNames: names,
                          attachments: Dictionary(grouping: attached, by: \.volumeID))
    }
}
