import EmberModel
import EmberStore

/// The admin's quota operations between the routes and the store: set some of a project's limits
/// (refused below what it holds, in the same transaction) or drop its overrides.
struct QuotaAPI: Sendable {
    let store: any QuotaStore

    /// Sets `limits` and returns the project's limits as they now are.
    func setLimits(project: String, _ limits: [QuotaResource: Int]) async throws -> QuotaLimits {
        try await store.setQuotaLimits(project: project, limits)
        return try await store.quotaLimits(project: project)
    }

    func reset(project: String) async throws {
        try await store.resetQuotaLimits(project: project)
    }
}
