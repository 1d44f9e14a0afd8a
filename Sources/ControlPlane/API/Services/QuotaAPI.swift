import EmberModel
import EmberStore

/// The quota operations between the routes and the store: the keys a quota set has (Cinder's
/// resources, and `volumes_<type>`, `snapshots_<type>` and `gigabytes_<type>` for every live type),
/// reading a body of limits against them, and setting a project's or a class's limits.
struct QuotaAPI: Sendable {
    let store: any Store

    /// The per-type keys of every live type, with the resource each limits and the type's name.
    func perTypeKeys() async throws -> [(key: String, resource: QuotaResource, type: String)] {
        try await store.volumeTypes().flatMap { type in
            QuotaResource.perTypeResources.map { (QuotaResource.perTypeKey($0, type.name), $0, type.name) }
        }
    }

    /// Every key and its limit, resources first, as a quota set or class set shows them.
    func fields(_ limits: QuotaLimits) async throws -> JSONObject {
        var fields = JSONObject(pairs: QuotaResource.allCases.map { ($0.rawValue, .int(limits[$0])) })
        for entry in try await perTypeKeys() { fields[entry.key] = .int(limits.limit(entry.resource, type: entry.type)) }
        return fields
    }

    /// A body's limits, each key a resource or a live type's key (`ignoring` names keys Cinder accepts and drops).
    func limits(_ body: [String: JSONValue], ignoring: Set<String> = []) async throws -> [String: Int] {
        let known = Set(QuotaResource.allCases.map(\.rawValue)).union(try await perTypeKeys().map(\.key))
        let unknown = body.keys.filter { !known.contains($0) && !ignoring.contains($0) }.sorted()
        guard unknown.isEmpty else { throw Fault.badRequest("Bad key(s) in quota set: \(unknown.joined(separator: ", "))") }
        var limits: [String: Int] = [:]
        for (key, value) in body where known.contains(key) { limits[key] = try QuotaRoutes.limit(key, value) }
        return limits
    }

    /// Sets `limits` and returns the project's limits as they now are.
    func setLimits(project: String, _ limits: [String: Int]) async throws -> QuotaLimits {
        try await store.setQuotaLimits(project: project, limits)
        return try await store.quotaLimits(project: project)
    }

    func setClassLimits(className: String, _ limits: [String: Int]) async throws -> QuotaLimits {
        try await store.setQuotaClassLimits(className: className, limits)
        return try await store.quotaClassLimits(className: className)
    }

    func reset(project: String) async throws {
        try await store.resetQuotaLimits(project: project)
    }
}
