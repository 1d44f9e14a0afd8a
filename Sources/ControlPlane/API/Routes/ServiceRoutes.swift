import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/os-availability-zone`, the admin's `/os-services` (list, enable, disable, disable-log-reason,
/// freeze, thaw), and `/resource_filters` (3.33).
struct ServiceRoutes {
    let store: any ServiceStore
    let defaultAvailabilityZone: String

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.get("\(prefix)/os-availability-zone") { _, context in
                _ = try ProjectScope.authenticated(context)
                let services = try await store.services().filter { $0.binary == ServiceRecord.Binary.volume }
                var zones = Dictionary(grouping: services, by: \.availabilityZone).mapValues { $0.contains(where: \.isUp) }
                if zones.isEmpty { zones[defaultAvailabilityZone] = false }
                let info: [JSONValue] = zones.keys.sorted().map { ["zoneName": .string($0), "zoneState": ["available": .bool(zones[$0]!)]] }
                return JSONResponse.make(.ok, ["availabilityZoneInfo": .array(info)])
            }
            router.get("\(prefix)/resource_filters") { request, context in
                _ = try ProjectScope.authenticated(context)
                guard context.version >= .resourceFilters else { throw Fault.notFound("The resource could not be found.") }
                let all: [(String, Set<String>)] = [
                    ("volume", VolumeListing.filterable.union(["metadata", "created_at", "updated_at"])),
                    ("snapshot", SnapshotRoutes.filterable.union(["metadata", "created_at", "updated_at"])),
                ]
                let wanted = request.uri.cinderQuery.get("resource")
                let entries: [JSONValue] = all.filter { wanted == nil || $0.0 == wanted }.map { resource, filters in
                    ["resource": .string(resource), "filters": .array(filters.sorted().map(JSONValue.string))]
                }
                return JSONResponse.make(.ok, ["resource_filters": .array(entries)])
            }
            router.get("\(prefix)/os-services") { request, context in
                _ = try ProjectScope.admin(context, action: "volume_extension:services:index")
                let parameters = request.uri.cinderQuery
                let services = try await store.services().filter { service in
                    parameters.get("host").map { Self.host(service.host, matches: $0) } ?? true
                        && parameters.get("binary").map { $0 == service.binary } ?? true
                }
                return JSONResponse.make(.ok, ["services": .array(services.map { view($0, context.version) })])
            }
            router.put("\(prefix)/os-services/enable") { request, context in try await enable(request, context, disabled: false) }
            router.put("\(prefix)/os-services/disable") { request, context in try await enable(request, context, disabled: true) }
            router.put("\(prefix)/os-services/disable-log-reason") { request, context in
                try await enable(request, context, disabled: true, withReason: true)
            }
            router.put("\(prefix)/os-services/freeze") { request, context in try await freeze(request, context, true) }
            router.put("\(prefix)/os-services/thaw") { request, context in try await freeze(request, context, false) }
        }
    }

    /// `enable`, `disable` and `disable-log-reason`: one service, named by host and binary (or the
    /// deprecated `service`), as Cinder's schemas read them; 404 for a service that does not exist.
    private func enable(_ request: Request, _ context: APIContext, disabled: Bool, withReason: Bool = false) async throws -> Response {
        _ = try ProjectScope.admin(context, action: "volume_extension:services:update")
        let body = try await RequestBody.topObject(request)
        try FieldError.rejectUnknown(body, allowed: withReason ? Self.serviceKeys.union(["disabled_reason"]) : Self.serviceKeys, in: "body")
        let host = try Self.host(body)
        let binary = try FieldError.string(body, "binary") ?? ""
        let service = try FieldError.string(body, "service") ?? ""
        guard !(binary + service).isEmpty, body["binary"].map({ _ in !binary.isEmpty }) ?? true else {
            throw Fault.badRequest("Invalid input for field/attribute body. 'binary' is a required property.")
        }
        var reason: String?
        if withReason {
            reason = try FieldError.string(body, "disabled_reason")
            guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw FieldError.invalid("disabled_reason", body["disabled_reason"] ?? .null, "is not a valid reason (a string of 1 to 255 characters)")
            }
        }
        guard let host, try await store.setService(host: host, binary: binary.isEmpty ? service : binary, disabled: disabled, reason: reason) != nil
        else { throw Fault.notFound("Service \(host ?? "None") could not be found.") }
        var answer: JSONObject = [
            "host": .string(host), "service": .string(service), "binary": .string(binary),
            "status": .string(disabled ? "disabled" : "enabled"), "disabled": .bool(disabled),
        ]
        if withReason { answer["disabled_reason"] = .optional(reason) }
        return JSONResponse.make(.ok, .object(answer))
    }

    /// `freeze` and `thaw` a volume backend (`host@backend`): a host without one is a bad request.
    private func freeze(_ request: Request, _ context: APIContext, _ frozen: Bool) async throws -> Response {
        _ = try ProjectScope.admin(context, action: frozen ? "volume:freeze_host" : "volume:thaw_host")
        let body = try await RequestBody.topObject(request)
        try FieldError.rejectUnknown(body, allowed: ["host", "cluster"], in: "body")
        guard let host = try Self.host(body), try await store.setFrozen(host: VolumeHost.backend(of: host), frozen) else {
            throw Fault.badRequest("Invalid input received: Service \((try? Self.host(body)).flatMap { $0 } ?? "None") could not be found.")
        }
        return JSONResponse.empty(.ok)
    }

    private static let serviceKeys: Set<String> = ["binary", "host", "cluster", "service"]

    /// Cinder's `cinder_host`: `name`, `name@backend` or `name@backend#pool`, of word characters, dots and dashes.
    static func host(_ body: [String: JSONValue]) throws(Fault) -> String? {
        guard let host = try FieldError.string(body, "host") else { return nil }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-@#:[]/"))
        guard !host.isEmpty, host.unicodeScalars.allSatisfy(allowed.contains), host.split(separator: "@", omittingEmptySubsequences: false).count <= 2
        else { throw FieldError.invalid("host", .string(host), "is not a valid host") }
        return host
    }

    /// Cinder's host filter: `vm` names the host `vm` and its backends and pools (`vm@file`, `vm#pool`).
    static func host(_ host: String, matches wanted: String) -> Bool {
        host == wanted || host.hasPrefix(wanted + "@") || host.hasPrefix(wanted + "#")
    }

    private func view(_ service: ServiceRecord, _ version: APIVersion) -> JSONValue {
        var body: JSONObject = [
            "binary": .string(service.binary),
            "host": .string(service.host),
            "zone": .string(service.availabilityZone),
            "status": .string(service.disabled ? "disabled" : "enabled"),
            "state": .string(service.isUp ? "up" : "down"),
            "updated_at": CinderDate.json(service.heartbeatAt),
            "disabled_reason": .optional(service.disabledReason),
        ]
        if service.binary == ServiceRecord.Binary.volume {
            body["replication_status"] = "disabled"
            body["active_backend_id"] = nil
            body["frozen"] = .bool(service.frozen)
        }
        if version >= .serviceCluster { body["cluster"] = nil }
        if version >= .backendState, service.binary == ServiceRecord.Binary.volume { body["backend_state"] = .string(service.isUp ? "up" : "down") }
        return .object(body)
    }
}
