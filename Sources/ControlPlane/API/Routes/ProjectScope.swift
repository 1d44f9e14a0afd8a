import EmberIdentity
import EmberModel
import Hummingbird

/// Routes exist twice: under `/v3/{project_id}` and, as Cinder 3.67 allows, under `/v3`.
enum ProjectScope {
    static let prefixes = ["/v3/:project_id", "/v3"]

    /// The caller, once the policy allows `action` in the caller's project (403 otherwise), and after
    /// checking that a project id in the URL is the caller's own (Cinder's rule: 400 otherwise).
    /// Whether a particular resource belongs to the caller's project is `Lookup`'s concern (404).
    /// A system-scoped caller acts in the project the URL names (none under plain `/v3`).
    static func caller(_ context: APIContext, _ action: String?) throws -> CallContext {
        var caller = try context.requireCaller()
        if caller.systemScope != nil, let project = context.parameters.get("project_id") { caller.projectID = project }
        if let project = context.parameters.get("project_id"), project != caller.projectID {
            throw Fault.badRequest("Malformed request url: URL's project_id '\(project)' doesn't match Context's project_id '\(caller.projectID)'")
        }
        if let action { try context.policy.authorize(action, caller: caller) }
        return caller
    }

    /// The caller of a resource that exists from microversion `since` on: before it the path is an
    /// unknown one (404), as in Cinder.
    static func caller(_ context: APIContext, _ action: String?, since: APIVersion) throws -> CallContext {
        guard context.version >= since else { throw Fault.notFound("The resource could not be found.") }
        return try caller(context, action)
    }

    /// The caller, for a request Cinder checks no policy rule for (only authentication and the URL's
    /// project): availability zones, resource filters, reading attachments.
    static func authenticated(_ context: APIContext) throws -> CallContext {
        try caller(context, nil)
    }

    /// The caller, for an action whose default rule is admin-only (the name says so at the call site).
    static func admin(_ context: APIContext, action: String) throws -> CallContext {
        try caller(context, action)
    }

    /// Whether the policy also allows `action` (used for what a response shows, not whether it is given).
    static func allows(_ context: APIContext, _ action: String, _ caller: CallContext) -> Bool {
        context.policy.allows(action, caller: caller)
    }
}
