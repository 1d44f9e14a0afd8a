import EmberIdentity
import EmberModel
import Foundation
import Hummingbird

/// The dashboard's forms. Each is checked as the API call it mirrors: the same policy rule, the same
/// request parser fed the same fields (so the same validation and faults), the same service method.
extension Dashboard {
    func registerActions(on router: Router<APIContext>) {
        let volume = "\(Self.root)/volumes/:volume_id"
        router.post("\(Self.root)/volumes") { request, context in try await act(request, context) { try await create($0, $1, context) } }
        router.post("\(volume)/extend") { request, context in try await act(request, context) { try await extend($0, $1, context) } }
        router.post("\(volume)/rename") { request, context in try await act(request, context) { try await rename($0, $1, context) } }
        router.post("\(volume)/delete") { request, context in try await act(request, context) { try await delete($0, $1, context) } }
        router.post("\(volume)/snapshot") { request, context in try await act(request, context) { try await snapshot($0, $1, context) } }
        router.post("\(volume)/metadata") { request, context in try await act(request, context) { try await setMetadata($0, $1, context) } }
        router.post("\(volume)/metadata/delete") { request, context in
            try await act(request, context) { try await removeMetadata($0, $1, context) }
        }
        router.post("\(Self.root)/snapshots/:snapshot_id/delete") { request, context in
            try await act(request, context) { try await deleteSnapshot($0, $1, context) }
        }
    }

    /// A new volume: empty, from a snapshot (`snapshot_id`) or from a volume (`source_volid`).
    func create(_ session: DashboardSession, _ form: DashboardForm, _ context: APIContext) async throws -> Response {
        try context.policy.authorize("volume:create", caller: session.caller)
        var body: [String: JSONValue] = ["size": .int(try Self.integer(form, "size"))]
        for field in ["name", "volume_type", "snapshot_id", "source_volid"] {
            if let value = form.text(field) { body[field] = .string(value) }
        }
        let input = try VolumeCreateRequest(body, version: .maximum)
        _ = try await volumes.create(input, caller: session.caller, logger: context.logger)
        return DashboardHTML.redirect("\(Self.root)/volumes")
    }

    func extend(_ session: DashboardSession, _ form: DashboardForm, _ context: APIContext) async throws -> Response {
        try context.policy.authorize("volume:extend", caller: session.caller)
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), session.caller)
        try await volumes.extend(volume, to: try Self.integer(form, "new_size"), caller: session.caller, logger: context.logger)
        return DashboardHTML.redirect("\(Self.root)/volumes/\(volume.id.key)")
    }

    func rename(_ session: DashboardSession, _ form: DashboardForm, _ context: APIContext) async throws -> Response {
        try context.policy.authorize("volume:update", caller: session.caller)
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), session.caller)
        let input = try VolumeUpdateRequest(["name": form.text("name").map(JSONValue.string) ?? .null], version: .maximum)
        _ = try await volumes.update(volume, input.update)
        return DashboardHTML.redirect("\(Self.root)/volumes/\(volume.id.key)")
    }

    func delete(_ session: DashboardSession, _ form: DashboardForm, _ context: APIContext) async throws -> Response {
        try context.policy.authorize("volume:delete", caller: session.caller)
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), session.caller)
        try await volumes.delete(volume, force: false, caller: session.caller, logger: context.logger)
        return DashboardHTML.redirect("\(Self.root)/volumes")
    }

    /// A snapshot of the volume; an attached one too, as from microversion 3.66.
    func snapshot(_ session: DashboardSession, _ form: DashboardForm, _ context: APIContext) async throws -> Response {
        try context.policy.authorize("volume:create_snapshot", caller: session.caller)
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), session.caller)
        var body: [String: JSONValue] = ["volume_id": .string(volume.id.key)]
        if let name = form.text("name") { body["name"] = .string(name) }
        var input = try SnapshotCreateRequest(body)
        input.force = true
        _ = try await snapshots.create(input, of: volume, caller: session.caller, logger: context.logger)
        return DashboardHTML.redirect("\(Self.root)/snapshots")
    }

    func setMetadata(_ session: DashboardSession, _ form: DashboardForm, _ context: APIContext) async throws -> Response {
        try context.policy.authorize("volume:update_volume_metadata", caller: session.caller)
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), session.caller)
        let pair: JSONObject = [form["key"] ?? "": .string(form["value"] ?? "")]
        let metadata = try FieldError.metadata(["metadata": .object(pair)], "metadata") ?? [:]
        _ = try await volumes.editMetadata(volume, .merge(metadata), expectedTag: nil)
        return DashboardHTML.redirect("\(Self.root)/volumes/\(volume.id.key)")
    }

    func removeMetadata(_ session: DashboardSession, _ form: DashboardForm, _ context: APIContext) async throws -> Response {
        try context.policy.authorize("volume:delete_volume_metadata", caller: session.caller)
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), session.caller)
        guard let key = form["key"], volume.metadata[key] != nil else { throw Fault.notFound("Metadata item was not found: \(form["key"] ?? "")") }
        _ = try await volumes.editMetadata(volume, .remove(key), expectedTag: nil)
        return DashboardHTML.redirect("\(Self.root)/volumes/\(volume.id.key)")
    }

    func deleteSnapshot(_ session: DashboardSession, _ form: DashboardForm, _ context: APIContext) async throws -> Response {
        try context.policy.authorize("volume:delete_snapshot", caller: session.caller)
        let snapshot = try await lookup.snapshot(Lookup.parameter(context, "snapshot_id"), session.caller)
        try await snapshots.delete(snapshot, force: false, caller: session.caller, logger: context.logger)
        return DashboardHTML.redirect("\(Self.root)/snapshots")
    }

    /// A whole-number field (400 otherwise).
    static func integer(_ form: DashboardForm, _ field: String) throws -> Int {
        guard let text = form.text(field), let number = Int(text) else {
            throw Fault.badRequest("Invalid input for field/attribute \(field). Value: \(form[field] ?? ""). It must be a whole number.")
        }
        return number
    }
}
