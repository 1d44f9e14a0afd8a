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
