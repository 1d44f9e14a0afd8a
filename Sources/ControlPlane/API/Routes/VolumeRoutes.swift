import EmberModel
import EmberStore
import Foundation
import Hummingbird
import Logging

/// `/volumes`: create (empty, from a snapshot, from a volume), list, show, update and delete, with
/// Cinder's status rules and faults.
struct VolumeRoutes {
    let service: VolumeAPI
    var store: any Store { service.store }
    var lookup: Lookup { service.lookup }

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
        var input = try VolumeCreateRequest(body, version: context.version)
        if context.version < .groupID { input.groupID = nil }
        let (volume, type) = try await service.create(input, caller: caller, logger: context.logger)
        // A new volume has no attachments yet, and its type was read to create it.
        let view = VolumeView(version: context.version, caller: caller, baseURL: request.baseURL, typeNames: [type.id: type.name])
        return JSONResponse.make(.accepted, ["volume": view.bareDetail(volume)])
    }

    @Sendable func list(_ request: Request, _ context: APIContext, detailed: Bool) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:get_all")
        let listing = try VolumeListing(query: request.uri.cinderQuery, caller: caller, version: context.version)
        let page = try await listing.page(from: store)
        let view = try await view(request, context, caller)
        var trailer: JSONObject = [:]
        if listing.listing.withCount { trailer["count"] = .int(page.matching) }
        trailer["volumes_links"] = listing.listing.nextLink(page, request: request)
        return await JSONResponse.listing(.ok, key: "volumes", rows: page.items, trailer: trailer, render: detailed ? view.detail : view.summary)
    }

    /// `GET /volumes/summary` (3.12; metadata from 3.36): how many volumes, how many GiB.
    @Sendable func summary(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:get_all")
        guard context.version >= .volumeSummary else { throw Fault.volumeNotFound("summary") }
        let listing = try VolumeListing(query: request.uri.cinderQuery, caller: caller, version: context.version)
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
        let shown = try await lookup.volumeDetail(Lookup.parameter(context, "volume_id"), caller)
        let names = shown.typeName.map { [shown.volume.volumeTypeID: $0] } ?? [:]
        let view = view(request, context, caller, typeNames: names, attachments: shown.attachments)
        return JSONResponse.make(.ok, ["volume": view.detail(shown.volume)])
    }

    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:update")
        let input = try VolumeUpdateRequest(try await RequestBody.object(request, required: "volume"), version: context.version)
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), caller)
        let updated = try await service.update(volume, input.update)
        return JSONResponse.make(.ok, ["volume": try await view(request, context, caller, of: updated.id).bareDetail(updated)])
    }

    @Sendable func delete(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "volume:delete")
        let cascade = Listing.truthy(request.uri.cinderQuery.get("cascade"))
        let force = context.version >= .forceDeleteParameter && Listing.truthy(request.uri.cinderQuery.get("force"))
        if force { _ = try ProjectScope.admin(context, action: "volume:force_delete") }
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), caller)
        try await service.delete(volume, force: force, cascade: cascade, caller: caller, logger: context.logger)
        return JSONResponse.empty(.accepted)
    }

    /// What the volume views need beside the volumes: type names, and the attachments of the
    /// caller's volumes, or of the one volume `of` names.
    func view(_ request: Request, _ context: APIContext, _ caller: CallContext, of volumeID: UUID? = nil) async throws -> VolumeView {
        let names = Dictionary(uniqueKeysWithValues: try await store.volumeTypes().map { ($0.id, $0.name) })
        let attachments = try await store.attachments(projectID: caller.isAdmin ? nil : caller.projectID, volumeID: volumeID)
        return view(request, context, caller, typeNames: names, attachments: attachments)
    }

    /// The volume views, from type names and attachments already read: the attached ones are shown.
    func view(_ request: Request, _ context: APIContext, _ caller: CallContext, typeNames: [UUID: String], attachments: [Attachment]) -> VolumeView {
        VolumeView(
            version: context.version, caller: caller, baseURL: request.baseURL, typeNames: typeNames,
            attachments: Dictionary(grouping: attachments.filter { $0.status == .attached }, by: \.volumeID))
    }
}
