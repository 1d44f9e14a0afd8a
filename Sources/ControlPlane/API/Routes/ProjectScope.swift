import Hummingbird

/// Routes exist twice: under `/v3/{project_id}` and, as Cinder 3.67 allows, under `/v3`.
enum ProjectScope {
    static let prefixes = ["/v3/:project_id", "/v3"]

    /// The caller, after checking that a project id in the URL is the caller's own (Cinder's rule).
    static func caller(_ context: APIContext) throws -> CallContext {
        let caller = try context.requireCaller()
        if let project = context.parameters.get("project_id"), project != caller.projectID {
            throw Fault.badRequest("Malformed request url: URL's project_id '\(project)' doesn't match Context's project_id '\(caller.projectID)'")
        }
        return caller
    }
}
