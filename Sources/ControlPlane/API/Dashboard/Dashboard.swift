import EmberIdentity
import EmberModel
import EmberRPC
import EmberStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/dashboard`: Ember's web console on the API's own listener. It signs users in through the identity
/// service (the same users, roles and policy as the API), renders pages on the server, and acts only
/// through the API's service layer (`VolumeAPI`, `SnapshotAPI`, `Lookup`, the policy), never around it.
/// Served when the API runs with identity; with `--auth noauth` there is no one to sign in.
struct Dashboard: Sendable {
    let identity: IdentityService
    let catalog: ServiceCatalog
    let volumes: VolumeAPI
    let snapshots: SnapshotAPI
    let scheduler: SchedulerRPC
    var store: any Store { volumes.store }
    var lookup: Lookup { volumes.lookup }

    static let root = "/dashboard"

    func register(on router: Router<APIContext>) {
        let root = Self.root
        router.get(RouterPath(root)) { request, context in try await page(request, context, overview) }
        router.get("\(root)/login") { request, _ in loginPage(request, error: nil) }
        router.post("\(root)/login", use: login)
        router.post("\(root)/logout") { request, context in try await act(request, context) { session, _ in try await logout(request, session) } }
        router.post("\(root)/project") { request, context in
            try await act(request, context) { session, form in try await switchProject(request, session, form) }
        }
        router.get("\(root)/static/dashboard.js") { _, _ in DashboardHTML.asset(PackageResources.dashboard_js, type: "text/javascript; charset=utf-8") }
        router.get("\(root)/static/dashboard.css") { _, _ in DashboardHTML.asset(PackageResources.dashboard_css, type: "text/css; charset=utf-8") }
        router.get("\(root)/events", use: events)
        registerPages(on: router)
        registerActions(on: router)
    }

    // MARK: Pages and actions behind a session

    /// What a page handler returns: its template and values (the layout's are added).
    typealias Page = (template: String, title: String, values: [String: Any])

    /// A page for a signed-in user (others go to the login page); a fault renders as an error page with
    /// its status.
    func page(
        _ request: Request, _ context: APIContext, _ build: @Sendable (Request, APIContext, DashboardSession) async throws -> Page
    ) async throws -> Response {
        guard let session = try await DashboardSession.current(request, context, identity: identity) else {
            return DashboardHTML.redirect("\(Self.root)/login")
        }
        do {
            let page = try await build(request, context, session)
            return DashboardHTML.page(page.template, try await layout(session, context, path: request.uri.path, title: page.title).merging(page.values) { $1 })
        } catch let fault as Fault {
            return try await failure(fault, session, context, back: request.uri.path)
        }
    }

    /// A form post for a signed-in user: refused with 403 without the session's CSRF token, then
    /// `perform` returns where to go next (303); a fault renders as an error page with its status.
    func act(
        _ request: Request, _ context: APIContext, _ perform: @Sendable (DashboardSession, DashboardForm) async throws -> Response
    ) async throws -> Response {
        guard let session = try await DashboardSession.current(request, context, identity: identity) else {
            return DashboardHTML.redirect("\(Self.root)/login")
        }
        let form = try await DashboardForm.read(request)
        guard DashboardSession.matches(form["csrf"], session.csrf) else {
            return try await failure(
                Fault(.forbidden, "The form did not carry this session's CSRF token; nothing was changed."), session, context,
                back: Self.root)
        }
        do {
            return try await perform(session, form)
        } catch let fault as Fault {
            return try await failure(fault, session, context, back: request.headers[.referer].flatMap(Self.localPath) ?? Self.root)
        }
    }

    private func failure(_ fault: Fault, _ session: DashboardSession, _ context: APIContext, back: String) async throws -> Response {
        var values = try await layout(session, context, path: "", title: "Refused")
        values["heading"] = fault.kind == .forbidden ? "Not allowed" : "The request was refused"
        values["message"] = fault.message
        values["back"] = back
        return DashboardHTML.page("error", values, status: HTTPResponse.Status(code: fault.code))
    }

    /// A Referer's path when it is one of the dashboard's own pages (never a redirect elsewhere).
    static func localPath(_ referer: String) -> String? {
        guard let url = URL(string: referer), url.path.hasPrefix(root), !url.path.contains("..") else { return nil }
        return url.path
    }

    /// The values every page's layout shows: the navigation, the project switcher, the user, the CSRF
    /// token and the event stream.
    func layout(_ session: DashboardSession, _ context: APIContext, path: String, title: String) async throws -> [String: Any] {
        let caller = session.caller
        var pages: [(String, String)] = [("", "Overview"), ("/volumes", "Volumes"), ("/snapshots", "Snapshots"), ("/types", "Volume types")]
        if context.policy.allows("volume_extension:services:index", caller: caller) { pages.append(("/services", "Services and pools")) }
        pages.append(("/messages", "Messages"))
        let nav: [[String: Any]] = pages.map { suffix, label in
            [
                "href": Self.root + suffix, "label": label,
                "current": path == Self.root + suffix || (!suffix.isEmpty && path.hasPrefix(Self.root + suffix + "/")),
            ]
        }
        let projects: [[String: Any]] = try await identity.projects(of: session.token).map {
            ["id": $0.id, "name": $0.name, "current": $0.id == caller.projectID]
        }
        return [
            "title": title, "nav": nav, "projects": projects, "csrf": session.csrf, "user": session.token.user.name,
            "roles": caller.roles.sorted().joined(separator: ", "),
            "events": "\(Self.root)/events?since=\(Int(Date().timeIntervalSince1970 * 1000))",
        ]
    }
}
