import EmberIdentity
import EmberModel
import Foundation
import HTTPTypes
import Hummingbird

/// Keystone authentication, in-process: `X-Auth-Token` is validated by the identity service (no HTTP
/// hop; validations are cached briefly) and becomes the request's caller with the token's roles.
///
/// Open without a token: version documents, `/openapi.json`, and `POST .../auth/tokens` (logging in);
/// `/metrics` takes an admin's.
/// Cinder routes need a project-scoped token; identity routes accept an unscoped one too.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let identity: IdentityService
    let policy: Policy
    /// Where the identity API is rooted on this router: `/identity` beside the Cinder API, and also ``
    /// (so `/v3/...`) on a listener of its own.
    let identityRoots: [String]

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        var context = context
        context.policy = policy
        let identityPath = identityRoots.contains { path == ($0.isEmpty ? "/" : $0) || path.hasPrefix($0 + "/v3") || path.hasPrefix($0 + "/") && !$0.isEmpty }
        guard !isOpen(path, method: request.method, identityPath: identityPath) else { return try await next(request, context) }
        guard let token = request.headers[.xAuthToken], !token.isEmpty, let validated = try await identity.validate(token) else {
            throw Fault(.unauthorized, "The request you have made requires authentication.")
        }
        context.token = validated
        context.caller = validated.callContext(requestID: context.requestID)
        if !identityPath, context.caller == nil {
            throw Fault(.unauthorized, "The request you have made requires a project-scoped token.")
        }
        return try await next(request, context)
    }

    private func isOpen(_ path: String, method: HTTPRequest.Method, identityPath: Bool) -> Bool {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        if identityPath {
            return identityRoots.contains {
                trimmed == ($0.isEmpty ? "/" : $0) || trimmed == $0 + "/v3" || (method == .post && trimmed == $0 + "/v3/auth/tokens")
            }
        }
        return (!trimmed.hasPrefix("/v3") || trimmed == "/v3") && trimmed != MetricsRoutes.path
    }
}
