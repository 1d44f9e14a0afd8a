import EmberIdentity
import EmberModel
import Foundation
import HTTPTypes
import Hummingbird

/// Signing in and out, and switching projects: each a Keystone token issued, rescoped or revoked by
/// the identity service, carried in the session cookie.
extension Dashboard {
    /// The login form, with a fresh CSRF value in its own cookie.
    func loginPage(_ request: Request, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let csrf = DashboardSession.randomToken()
        var response = DashboardHTML.page("login", ["csrf": csrf, "error": error as Any], status: status)
        response.setCookie(DashboardSession.cookie(csrf, name: DashboardSession.loginCookie, secure: overTLS(request), maxAge: 3600))
        return response
    }

    @Sendable func login(_ request: Request, _ context: APIContext) async throws -> Response {
        let form = try await DashboardForm.read(request)
        guard let expected = request.cookies[DashboardSession.loginCookie]?.value, DashboardSession.matches(form["csrf"], expected) else {
            return loginPage(request, error: "The login form had expired; please try again.", status: .forbidden)
        }
        guard let name = form.text("username"), let password = form["password"], !password.isEmpty else {
            return loginPage(request, error: "Enter a user name and a password.", status: .badRequest)
        }
        let domain = form.text("domain") ?? IdentityDomain.default.name
        do {
            let user = UserReference(name: name, domain: DomainReference(id: domain, name: domain))
            var token = try await identity.issue(AuthRequest(method: .password(user, password)), from: context.remoteAddress)
            if token.project == nil {
                guard let first = try await identity.projects(of: token).first else {
                    return loginPage(request, error: "\(name) has no role on any project.", status: .forbidden)
                }
                token = try await identity.issue(AuthRequest(method: .token(token.token), scope: ProjectReference(id: first.id)))
            }
            return signedIn(request, token)
        } catch let fault as Fault where fault.kind == .tooManyRequests {
            return loginPage(request, error: fault.message, status: .tooManyRequests)
        } catch let fault as Fault where fault.kind == .unauthorized {
            return loginPage(request, error: "The user name, password or domain is wrong, or the account is disabled.", status: .unauthorized)
        }
    }

    /// Revokes the session's tokens (the one rescoped to each project and the one signed in with) and
    /// clears the cookie.
    func logout(_ request: Request, _ session: DashboardSession) async throws -> Response {
        _ = try await identity.revokeSession(session.token.token)
        return DashboardHTML.redirect("\(Self.root)/login", setting: [DashboardSession.cookie("", secure: overTLS(request), maxAge: 0)])
    }

    /// Rescopes the session's token to another of the user's projects.
    func switchProject(_ request: Request, _ session: DashboardSession, _ form: DashboardForm) async throws -> Response {
        guard let projectID = form.text("project_id"), try await identity.projects(of: session.token).contains(where: { $0.id == projectID }) else {
            throw Fault(.forbidden, "You have no role on that project.")
        }
        let token = try await identity.issue(AuthRequest(method: .token(session.token.token), scope: ProjectReference(id: projectID)))
        return signedIn(request, token)
    }

    private func signedIn(_ request: Request, _ token: ValidatedToken) -> Response {
        let lifetime = max(0, Int(token.payload.expiresAt.timeIntervalSinceNow))
        return DashboardHTML.redirect(
            Self.root,
            setting: [
                DashboardSession.cookie(token.token, secure: overTLS(request), maxAge: lifetime),
                DashboardSession.cookie("", name: DashboardSession.loginCookie, secure: overTLS(request), maxAge: 0),
            ])
    }

    func overTLS(_ request: Request) -> Bool { DashboardSession.overTLS(request, publicURL: catalog.publicURL) }
}
