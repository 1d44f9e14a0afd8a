import EmberModel
import Foundation
import Hummingbird

/// Manage-existing, admin-only: `POST /os-volume-manage` and `/os-snapshot-manage`, and the same at
/// `/manageable_volumes` and `/manageable_snapshots` from 3.8. Bodies as Cinder 29's schemas
/// (`volume_manage.py`, `snapshot_manage.py`); answers as its create views. Unmanage is an action of
/// the volume or snapshot (`VolumeActionRoutes`, `SnapshotRoutes`).
struct ManageRoutes {
    let service: ManageAPI

    static let volumeKeys: Set<String> = ["description", "availability_zone", "bootable", "volume_type", "name", "host", "ref", "metadata"]
    static let snapshotKeys: Set<String> = ["description", "metadata", "name", "volume_id", "ref"]

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.post("\(prefix)/os-volume-manage") { request, context in try await manageVolume(request, context, since: nil) }
            router.post("\(prefix)/manageable_volumes") { request, context in try await manageVolume(request, context, since: .manageable) }
            router.post("\(prefix)/os-snapshot-manage") { request, context in try await manageSnapshot(request, context, since: nil) }
            router.post("\(prefix)/manageable_snapshots") { request, context in try await manageSnapshot(request, context, since: .manageable) }
        }
    }

    func manageVolume(_ request: Request, _ context: APIContext, since version: APIVersion?) async throws -> Response {
        let caller = try admin(context, "volume_extension:volume_manage", since: version)
        let body = try await RequestBody.object(request, required: "volume")
        try FieldError.rejectUnknown(body, allowed: Self.volumeKeys, in: "volume")
        let input = ManageAPI.VolumeRequest(
            host: try host(body), reference: try reference(body), name: try FieldError.string(body, "name")?.trimmingCharacters(in: .whitespaces),
            description: try FieldError.string(body, "description")?.trimmingCharacters(in: .whitespaces),
            volumeType: try FieldError.string(body, "volume_type").flatMap { $0.isEmpty ? nil : $0 },
            availabilityZone: try FieldError.string(body, "availability_zone").flatMap { $0.isEmpty ? nil : $0 },
            metadata: try FieldError.metadata(body) ?? [:], bootable: try FieldError.bool(body, "bootable") ?? false)
        let volume = try await service.manage(input, caller: caller, logger: context.logger)
        let view = try await VolumeRoutes(service: service.volumes).view(request, context, caller, of: volume.id)
        return JSONResponse.make(.accepted, ["volume": view.bareDetail(volume)])
    }

    func manageSnapshot(_ request: Request, _ context: APIContext, since version: APIVersion?) async throws -> Response {
        let caller = try admin(context, "snapshot_extension:snapshot_manage", since: version)
        var body = try await RequestBody.object(request, required: "snapshot")
        try FieldError.rejectUnknown(body, allowed: Self.snapshotKeys, in: "snapshot")
        guard body.keys.contains("ref") else { throw Fault.badRequest("Invalid input for field/attribute snapshot. 'ref' is a required property.") }
        let reference = try reference(body)
        body["ref"] = nil
        let input = try SnapshotCreateRequest(body)
        let volume = try await service.volumes.lookup.volume(input.volumeID, caller)
        let snapshot = try await service.manage(input, of: volume, reference: reference, caller: caller, logger: context.logger)
        return JSONResponse.make(.accepted, ["snapshot": SnapshotView(version: context.version).bareDetail(snapshot)])
    }

    private func admin(_ context: APIContext, _ rule: String, since version: APIVersion?) throws -> CallContext {
        if let version, context.version < version { throw Fault.notFound("The resource could not be found.") }
        return try ProjectScope.admin(context, action: rule)
    }

    /// `host` as Cinder's `cinder_host` type: `host@backend`, optionally `#pool`; required here, since
    /// Ember has no clusters.
    private func host(_ body: [String: JSONValue]) throws -> String {
        guard let host = try FieldError.string(body, "host"), !host.isEmpty else {
            throw Fault.badRequest("Invalid input received: One and only one of host and cluster must be set.")
        }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || "-_.@#:".contains($0) }) else {
            throw FieldError.invalid("host", .string(host), "is not a valid host")
        }
        return host
    }

    /// `ref`: an object (or, in Cinder's schema, a string, which no driver takes); its string values.
    private func reference(_ body: [String: JSONValue]) throws -> [String: String]? {
        guard let value = body["ref"] else { throw Fault.badRequest("Invalid input for field/attribute volume. 'ref' is a required property.") }
        if value == .null || value.stringValue != nil { return nil }
        guard let object = value.objectValue else { throw FieldError.invalid("ref", value, "is not of type 'object', 'string'") }
        return object.compactMapValues(\.stringValue)
    }
}
