import EmberIdentity
import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// The identity API (a Keystone v3 subset) under `ROOT/v3`: version documents, tokens, and the admin
/// calls openstackclient makes for projects, users, roles, grants and role assignments.
struct IdentityRoutes {
    let identity: IdentityService
    let catalog: ServiceCatalog

    func register(on router: Router<APIContext>, roots: [String]) {
        for root in roots {
            if !root.isEmpty {
                router.get(RouterPath(root)) { request, _ in
                    JSONResponse.make(.multipleChoices, ["versions": ["values": [version(request, root)]]])
                }
            }
            router.get(RouterPath("\(root)/v3")) { request, _ in JSONResponse.make(.ok, ["version": version(request, root)]) }
            AuthTokenRoutes(identity: identity, catalog: catalog).register(on: router, root: root)
            ProjectRoutes(identity: identity, catalog: catalog, root: root).register(on: router)
            UserRoutes(identity: identity, catalog: catalog, root: root).register(on: router)
            RoleRoutes(identity: identity, catalog: catalog, root: root).register(on: router)
        }
    }

    private func version(_ request: Request, _ root: String) -> JSONValue {
        [
            "id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
            "links": [["rel": "self", "href": .string("\(catalog.publicURL ?? request.baseURL)\(root)/v3/")]],
            "media-types": [["base": "application/json", "type": "application/vnd.openstack.identity-v3+json"]],
        ]
    }
}

/// What the identity routes share: the base URL of links, and reading request fields.
protocol IdentityRouteSupport {
    var catalog: ServiceCatalog { get }
    var root: String { get }
}

extension IdentityRouteSupport {
    func base(_ request: Request) -> String { "\(catalog.publicURL ?? request.baseURL)\(root)/v3" }

    func path(_ suffix: String) -> RouterPath { RouterPath("\(root)/v3/\(suffix)") }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.cinderQuery.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    static func enabled(_ body: [String: JSONValue]) throws -> Bool? {
        guard let value = body["enabled"], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw Fault.badRequest("'enabled' must be a boolean") }
        return flag
    }
}

/// `/v3/projects`: list (`?name=`, `?domain_id=`), create, show, update, delete.
struct ProjectRoutes: IdentityRouteSupport {
    let identity: IdentityService
    let catalog: ServiceCatalog
    let root: String

    func register(on router: Router<APIContext>) {
        router.get(path("projects")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:list_projects")
            let projects = try await identity.store.projects(name: Self.query(request, "name"), domainID: Self.query(request, "domain_id"))
            return JSONResponse.make(
                .ok, IdentityViews.collection("projects", projects.map { IdentityViews.project($0, base: base(request)) }, base: base(request)))
        }
        router.post(path("projects")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:create_project")
            let body = try await RequestBody.object(request, required: "project")
            guard let name = try FieldError.string(body, "name", maxLength: 64) else { throw Fault.badRequest("'name' is a required property") }
            let project = try await identity.createProject(
                Project(
                    id: IdentityID.make(), name: name, domainID: try FieldError.string(body, "domain_id") ?? IdentityDomain.default.id,
                    description: try FieldError.string(body, "description", maxLength: 65_535) ?? "", enabled: try Self.enabled(body) ?? true))
            return JSONResponse.make(.created, ["project": IdentityViews.project(project, base: base(request))])
        }
        router.get(path("projects/:project_id")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:get_project")
            let id = Lookup.parameter(context, "project_id")
            guard let project = try await identity.store.project(id: id) else { throw IdentityService.notFound("project", id) }
            return JSONResponse.make(.ok, ["project": IdentityViews.project(project, base: base(request))])
        }
        router.patch(path("projects/:project_id")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:update_project")
            let body = try await RequestBody.object(request, required: "project")
            var update = ProjectUpdate()
            update.name = try FieldError.string(body, "name", maxLength: 64)
            update.description = try FieldError.string(body, "description", maxLength: 65_535)
            update.enabled = try Self.enabled(body)
            let project = try await identity.updateProject(id: Lookup.parameter(context, "project_id"), update)
            return JSONResponse.make(.ok, ["project": IdentityViews.project(project, base: base(request))])
        }
        router.delete(path("projects/:project_id")) { _, context in
            _ = try IdentityAccess.caller(context, "identity:delete_project")
            try await identity.deleteProject(id: Lookup.parameter(context, "project_id"))
            return JSONResponse.empty(.noContent)
        }
        router.get(path("domains")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:list_domains")
            let domains = identity.domains.filter { Self.query(request, "name") == nil || $0.name == Self.query(request, "name") }
            return JSONResponse.make(
                .ok, IdentityViews.collection("domains", domains.map { IdentityViews.domain($0, base: base(request)) }, base: base(request)))
        }
        router.get(path("domains/:domain_id")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:get_domain")
            let id = Lookup.parameter(context, "domain_id")
            guard let domain = identity.domains.first(where: { $0.id == id }) else { throw IdentityService.notFound("domain", id) }
            return JSONResponse.make(.ok, ["domain": IdentityViews.domain(domain, base: base(request))])
        }
    }
}

/// `/v3/users`: list (`?name=`, `?domain_id=`), create, show, update (`enabled`, password...), delete.
/// Users of an LDAP domain are listed and shown, never written.
struct UserRoutes: IdentityRouteSupport {
    let identity: IdentityService
    let catalog: ServiceCatalog
    let root: String

    func register(on router: Router<APIContext>) {
        router.get(path("users")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:list_users")
            let users = try await identity.users(name: Self.query(request, "name"), domainID: Self.query(request, "domain_id"))
            return JSONResponse.make(.ok, IdentityViews.collection("users", users.map { IdentityViews.user($0, base: base(request)) }, base: base(request)))
        }
        router.post(path("users")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:create_user")
            let body = try await RequestBody.object(request, required: "user")
            guard let name = try FieldError.string(body, "name") else { throw Fault.badRequest("'name' is a required property") }
            let user = IdentityUser(
                id: IdentityID.make(), name: name, domainID: try FieldError.string(body, "domain_id") ?? IdentityDomain.default.id,
                enabled: try Self.enabled(body) ?? true, email: try FieldError.string(body, "email"),
                description: try FieldError.string(body, "description", maxLength: 65_535),
                defaultProjectID: try FieldError.string(body, "default_project_id"))
            let created = try await identity.createUser(user, password: try Self.password(body))
            return JSONResponse.make(.created, ["user": IdentityViews.user(created, base: base(request))])
        }
        router.get(path("users/:user_id")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:get_user")
            let id = Lookup.parameter(context, "user_id")
            guard let user = try await identity.user(id: id) else { throw IdentityService.notFound("user", id) }
            return JSONResponse.make(.ok, ["user": IdentityViews.user(user, base: base(request))])
        }
        router.patch(path("users/:user_id")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:update_user")
            let body = try await RequestBody.object(request, required: "user")
            var update = UserUpdate()
            update.name = try FieldError.string(body, "name")
            update.enabled = try Self.enabled(body)
            update.password = try Self.password(body)
            if body["email"] != nil { update.email = .some(try FieldError.string(body, "email")) }
            if body["description"] != nil { update.description = .some(try FieldError.string(body, "description", maxLength: 65_535)) }
            if body["default_project_id"] != nil { update.defaultProjectID = .some(try FieldError.string(body, "default_project_id")) }
            let user = try await identity.updateUser(id: Lookup.parameter(context, "user_id"), update)
            return JSONResponse.make(.ok, ["user": IdentityViews.user(user, base: base(request))])
        }
        router.delete(path("users/:user_id")) { _, context in
            _ = try IdentityAccess.caller(context, "identity:delete_user")
            try await identity.deleteUser(id: Lookup.parameter(context, "user_id"))
            return JSONResponse.empty(.noContent)
        }
    }

    /// The password, without ever echoing it in an error.
    static func password(_ body: [String: JSONValue]) throws -> String? {
        guard let value = body["password"], value != .null else { return nil }
        guard case .string(let password) = value, !password.isEmpty, password.utf8.count <= 4096 else {
            throw Fault.badRequest("'password' must be a non-empty string of at most 4096 bytes")
        }
        return password
    }
}
