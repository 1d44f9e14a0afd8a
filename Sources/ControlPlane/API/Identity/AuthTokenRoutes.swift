import EmberIdentity
import EmberModel
import Foundation
import HTTPTypes
import Hummingbird

/// `/v3/auth/tokens`: log in (POST, 201 with `X-Subject-Token`), validate (GET, HEAD) and revoke
/// (DELETE) a token. A user may validate and revoke their own tokens; admins any token.
struct AuthTokenRoutes {
    let identity: IdentityService
    let catalog: ServiceCatalog

    func register(on router: Router<APIContext>, root: String) {
        let path = RouterPath("\(root)/v3/auth/tokens")
        router.post(path) { request, context in
            let issued = try await identity.issue(try await AuthRequestReader.read(request), from: context.remoteAddress)
            let nocatalog = request.uri.cinderQuery.get("nocatalog") != nil
            var response = JSONResponse.make(.created, IdentityViews.token(issued, catalog: nocatalog ? nil : entries(request, issued)))
            response.headers[.xSubjectToken] = issued.token
            return response
        }
        router.get(path) { request, context in
            let subject = try await self.subject(request, context)
            let nocatalog = request.uri.cinderQuery.get("nocatalog") != nil
            var response = JSONResponse.make(.ok, IdentityViews.token(subject, catalog: nocatalog ? nil : entries(request, subject)))
            response.headers[.xSubjectToken] = subject.token
            return response
        }
        router.head(path) { request, context in
            _ = try await self.subject(request, context)
            return JSONResponse.empty(.ok)
        }
        router.delete(path) { request, context in
            let subject = try await self.subject(request, context)
            _ = try await identity.revoke(subject.token)
            return JSONResponse.empty(.noContent)
        }
    }

    private func entries(_ request: Request, _ token: ValidatedToken) -> [JSONValue] {
        catalog.entries(base: catalog.publicURL ?? request.baseURL, projectID: token.project?.id, system: token.isSystem)
    }

    /// The token named by `X-Subject-Token`, if the caller may see it (404 when it is not valid).
    private func subject(_ request: Request, _ context: APIContext) async throws -> ValidatedToken {
        guard let caller = context.token else { throw Fault(.unauthorized, "The request you have made requires authentication.") }
        guard let raw = request.headers[.xSubjectToken], !raw.isEmpty else {
            throw Fault.badRequest("X-Subject-Token is required.")
        }
        guard let subject = try await identity.validate(raw) else { throw Fault.notFound("Could not find token.") }
        if subject.user.id != caller.user.id {
            _ = try IdentityAccess.caller(context, "identity:validate_token")
        }
        return subject
    }
}

/// Who may call the identity admin API: a project-scoped caller the policy allows (Keystone's 403
/// wording otherwise).
enum IdentityAccess {
    static func caller(_ context: APIContext, _ action: String) throws -> CallContext {
        guard let token = context.token else { throw Fault(.unauthorized, "The request you have made requires authentication.") }
        guard let caller = token.callContext(requestID: context.requestID), context.policy.allows(action, caller: caller) else {
            throw Fault(.forbidden, "You are not authorized to perform the requested action: \(action).")
        }
        return caller
    }
}

extension HTTPField.Name {
    static let xSubjectToken = Self("X-Subject-Token")!
}
