import EmberIdentity
import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/os-quota-sets/{project}` (show, `?usage=True`, defaults, admin update and reset) and `/limits`.
struct QuotaRoutes {
    let service: QuotaAPI
    var store: any QuotaStore { service.store }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            let base = "\(prefix)/os-quota-sets/:target_id"
            router.get(RouterPath(base)) { request, context in
                let target = try readable(context)
                let usage = Listing.truthy(request.uri.cinderQuery.get("usage"))
                return try await show(
                    target, limits: store.quotaLimits(project: target),
                    usage: usage ? store.quotaUsage(project: target) : nil)
            }
            router.get(RouterPath(base + "/defaults")) { _, context in
                try await show(try readable(context), limits: QuotaLimits(), usage: nil)
            }
            router.put(RouterPath(base), use: update)
            router.delete(RouterPath(base)) { _, context in
                _ = try ProjectScope.admin(context, action: "volume_extension:quotas:delete")
                try await service.reset(project: Lookup.parameter(context, "target_id"))
                return JSONResponse.empty(.ok)
            }
            router.get("\(prefix)/limits", use: limits)
        }
    }

    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        _ = try ProjectScope.admin(context, action: "volume_extension:quotas:update")
        let target = Lookup.parameter(context, "target_id")
        let body = try await RequestBody.object(request, required: "quota_set")
        var limits: [QuotaResource: Int] = [:]
        let unknown = body.keys.filter { QuotaResource(rawValue: $0) == nil && $0 != "tenant_id" }.sorted()
        guard unknown.isEmpty else { throw Fault.badRequest("Bad key(s) in quota set: \(unknown.joined(separator: ", "))") }
        for (key, value) in body {
            guard let resource = QuotaResource(rawValue: key) else { continue }
            limits[resource] = try Self.limit(key, value)
        }
        let current = try await service.setLimits(project: target, limits)
        return JSONResponse.make(.ok, ["quota_set": .object(Self.limitFields(current))])
    }

    @Sendable func limits(_ request: Request, _ context: APIContext) async throws -> Response {
        let caller = try ProjectScope.caller(context, "limits_extension:used_limits")
        var project = caller.projectID
        // As Cinder: another project's limits for admins; for anyone else the parameter is ignored.
        if context.version >= .limitsForProject, caller.isAdmin, let other = request.uri.cinderQuery.get("project_id") {
            project = other
        }
        let limits = try await store.quotaLimits(project: project)
        let usage = try await store.quotaUsage(project: project)
        let absolute: JSONValue = [
            "maxTotalVolumes": .int(limits[.volumes]),
            "maxTotalSnapshots": .int(limits[.snapshots]),
            "maxTotalVolumeGigabytes": .int(limits[.gigabytes]),
            "maxTotalBackups": .int(limits[.backups]),
            "maxTotalBackupGigabytes": .int(limits[.backupGigabytes]),
            "totalVolumesUsed": .int(usage.volumes),
            "totalSnapshotsUsed": .int(usage.snapshots),
            "totalGigabytesUsed": .int(usage.gigabytes),
            "totalBackupsUsed": 0,
            "totalBackupGigabytesUsed": 0,
        ]
        return JSONResponse.make(.ok, ["limits": ["rate": [], "absolute": absolute]])
    }

    /// The target project, which a non-admin may read only when it is their own (403 otherwise).
    private func readable(_ context: APIContext) throws -> String {
        let caller = try context.requireCaller()
        let target = Lookup.parameter(context, "target_id")
        try context.policy.authorize("volume_extension:quotas:show", caller: caller, targetProject: target)
        return target
    }

    private func show(_ target: String, limits: QuotaLimits, usage: QuotaUsage?) -> Response {
        var fields: JSONObject = ["id": .string(target)]
        for (key, value) in Self.limitFields(limits).pairs {
            guard let usage, let resource = QuotaResource(rawValue: key) else {
                fields[key] = value
                continue
            }
            fields[key] = ["limit": value, "in_use": .int(usage[resource]), "reserved": 0, "allocated": 0]
        }
        return JSONResponse.make(.ok, ["quota_set": .object(fields)])
    }

    private static func limitFields(_ limits: QuotaLimits) -> JSONObject {
        JSONObject(pairs: QuotaResource.allCases.map { ($0.rawValue, .int(limits[$0])) })
    }

    /// A limit: an integer (or a string of one) from -1 (unlimited) up.
    static func limit(_ key: String, _ value: JSONValue) throws -> Int {
        let number: Int? =
            switch value {
            case .int(let int): int
            case .string(let text): Int(text)
            default: nil
            }
        guard let number, number >= -1, number <= Int(Int32.max) else {
            throw FieldError.invalid(key, value, "is not a valid quota limit (an integer of -1 or more)")
        }
        return number
    }
}

/// `/os-availability-zone`, the admin's `/os-services`, and `/resource_filters` (3.33).
struct ServiceRoutes {
    /// A service whose heartbeat is older than this is down (Cinder's `service_down_time`).
    static let downAfter: TimeInterval = 60

    let store: any ServiceStore
    let defaultAvailabilityZone: String

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.get("\(prefix)/os-availability-zone") { _, context in
                _ = try ProjectScope.authenticated(context)
                let services = try await store.services().filter { $0.binary == ServiceRecord.Binary.volume }
                var zones = Dictionary(grouping: services, by: \.availabilityZone).mapValues { $0.contains(where: isUp) }
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
        }
    }

    /// Cinder's host filter: `vm` names the host `vm` and its backends and pools (`vm@file`, `vm#pool`).
    static func host(_ host: String, matches wanted: String) -> Bool {
        host == wanted || host.hasPrefix(wanted + "@") || host.hasPrefix(wanted + "#")
    }

    private func isUp(_ service: ServiceRecord) -> Bool {
        guard let heartbeat = service.heartbeatAt else { return false }
        return Date().timeIntervalSince(heartbeat) <= Self.downAfter
    }

    private func view(_ service: ServiceRecord, _ version: APIVersion) -> JSONValue {
        var body: JSONObject = [
            "binary": .string(service.binary),
            "host": .string(service.host),
            "zone": .string(service.availabilityZone),
            "status": .string(service.disabled ? "disabled" : "enabled"),
            "state": .string(isUp(service) ? "up" : "down"),
            "updated_at": CinderDate.json(service.heartbeatAt),
            "disabled_reason": nil,
        ]
        if service.binary == ServiceRecord.Binary.volume {
            body["replication_status"] = "disabled"
            body["active_backend_id"] = nil
            body["frozen"] = false
        }
        if version >= .serviceCluster { body["cluster"] = nil }
        if version >= .backendState, service.binary == ServiceRecord.Binary.volume { body["backend_state"] = .string(isUp(service) ? "up" : "down") }
        return .object(body)
    }
}
