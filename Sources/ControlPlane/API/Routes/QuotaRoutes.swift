import EmberIdentity
import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/os-quota-sets/{project}` (show, `?usage=True`, defaults, admin update and reset), the admin's
/// `/os-quota-class-sets/{class}` (the `default` class holds every project's defaults) and `/limits`.
struct QuotaRoutes {
    let service: QuotaAPI
    var store: any Store { service.store }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            let base = "\(prefix)/os-quota-sets/:target_id"
            router.get(RouterPath(base)) { request, context in
                let target = try readable(context)
                let usage = Listing.truthy(request.uri.cinderQuery.get("usage"))
                return try await show(target, limits: store.quotaLimits(project: target), usage: usage)
            }
            router.get(RouterPath(base + "/defaults")) { _, context in
                try await show(try readable(context), limits: store.quotaClassLimits(className: "default"), usage: false)
            }
            let classes = "\(prefix)/os-quota-class-sets/:class_name"
            router.get(RouterPath(classes)) { _, context in
                _ = try ProjectScope.admin(context, action: "volume_extension:quota_classes:get")
                let name = Lookup.parameter(context, "class_name")
                var fields = try await service.fields(try await store.quotaClassLimits(className: name))
                fields["id"] = .string(name)
                return JSONResponse.make(.ok, ["quota_class_set": .object(fields)])
            }
            router.put(RouterPath(classes)) { request, context in
                _ = try ProjectScope.admin(context, action: "volume_extension:quota_classes:update")
                let name = Lookup.parameter(context, "class_name")
                guard !name.isEmpty, name.count <= 255 else { throw Fault.badRequest("Invalid quota class name: \(name).") }
                let limits = try await service.limits(try await RequestBody.object(request, required: "quota_class_set"))
                let current = try await service.setClassLimits(className: name, limits)
                return JSONResponse.make(.ok, ["quota_class_set": .object(try await service.fields(current))])
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
        let limits = try await service.limits(body, ignoring: ["tenant_id"])
        let current = try await service.setLimits(project: target, limits)
        return JSONResponse.make(.ok, ["quota_set": .object(try await service.fields(current))])
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

    /// Every key's limit; with `usage`, each as `{limit, in_use, reserved, allocated}` (per-type keys
    /// count the project's volumes of that type and their snapshots).
    private func show(_ target: String, limits: QuotaLimits, usage: Bool) async throws -> Response {
        var fields: JSONObject = ["id": .string(target)]
        let limitFields = try await service.fields(limits)
        guard usage else {
            for (key, value) in limitFields.pairs { fields[key] = value }
            return JSONResponse.make(.ok, ["quota_set": .object(fields)])
        }
        var used: [String: Int] = [:]
        let total = try await store.quotaUsage(project: target)
        for resource in QuotaResource.allCases { used[resource.rawValue] = total[resource] }
        for entry in try await service.perTypeKeys() {
            used[entry.key] = try await store.quotaUsage(project: target, typeName: entry.type)[entry.resource]
        }
        for (key, value) in limitFields.pairs {
            fields[key] = ["limit": value, "in_use": .int(used[key] ?? 0), "reserved": 0, "allocated": 0]
        }
        return JSONResponse.make(.ok, ["quota_set": .object(fields)])
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
