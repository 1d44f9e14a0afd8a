import EmberIdentity
import EmberModel
import Foundation
import HTTPTypes
import Hummingbird

/// Cinder's noauth mode, for development and tests only (`--auth noauth`): the token *is* the identity.
///
/// `X-Auth-Token: user:project` acts as that user in that project; a token without a colon is both.
/// Roles come from `X-Roles` (comma-separated, as keystonemiddleware passes them), or from a third
/// part of the token (`user:project:admin,member`, for clients that can send no extra header, such as
/// openstackclient with `--os-auth-type admin_token`), and default to `member`; implied roles are
/// added as Keystone would (admin > member > reader). Unlike Cinder's noauth, nobody is an admin
/// unless the request says so.
/// Version documents need no token; every other `/v3` route and `/metrics` do.
struct NoAuthMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let policy: Policy

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v3") && path != "/v3" && path != "/v3/" || path == MetricsRoutes.path else { return try await next(request, context) }
        guard let token = request.headers[.xAuthToken], !token.isEmpty else {
            throw Fault(.unauthorized, "The request you have made requires authentication.")
        }
        guard let caller = Self.caller(token: token, roles: request.headers[.xRoles], requestID: context.requestID) else {
            throw Fault(.unauthorized, "The request you have made requires authentication.")
        }
        var context = context
        context.caller = caller
        context.policy = policy
        return try await next(request, context)
    }

    /// The identity a token names, or nil when its user or project is empty.
    static func caller(token: String, roles: String?, requestID: String) -> CallContext? {
        let parts = token.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let user = parts[0]
        let project = parts.count >= 2 ? parts[1] : user
        guard !user.isEmpty, !project.isEmpty else { return nil }
        let roleList = (roles ?? (parts.count == 3 ? parts[2] : "member")).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        return CallContext(requestID: requestID, userID: user, projectID: project, roles: Role.effective(roleList.isEmpty ? ["member"] : roleList))
    }
}

extension HTTPField.Name {
    static let xAuthToken = Self("X-Auth-Token")!
    static let xRoles = Self("X-Roles")!
}
