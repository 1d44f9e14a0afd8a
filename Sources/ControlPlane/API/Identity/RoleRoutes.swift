import EmberIdentity
import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/v3/roles`, the grants `/v3/projects/{p}/{users|groups}/{a}/roles/{r}` (PUT, HEAD, DELETE, and a
/// user's list), the system grants `/v3/system/{users|groups}/{a}/roles/{r}`, and `/v3/role_assignments`
/// with Keystone's filters (`scope.system` too) and `include_names`.
struct RoleRoutes: IdentityRouteSupport {
    let identity: IdentityService
    let catalog: ServiceCatalog
    let root: String

    func register(on router: Router<APIContext>) {
        router.get(path("roles")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:list_roles")
            let roles = try await identity.store.roles(name: Self.query(request, "name"))
            return JSONResponse.make(.ok, IdentityViews.collection("roles", roles.map { IdentityViews.role($0, base: base(request)) }, base: base(request)))
        }
        router.get(path("roles/:role_id")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:get_role")
            let id = Lookup.parameter(context, "role_id")
            guard let role = try await identity.store.role(id: id) else { throw IdentityService.notFound("role", id) }
            return JSONResponse.make(.ok, ["role": IdentityViews.role(role, base: base(request))])
        }
        for kind in ["users", "groups"] {
            registerGrant(
                on: router, path("projects/:project_id/\(kind)/:actor_id/roles/:role_id"), kind: kind,
                rules: ("identity:create_grant", "identity:revoke_grant", "identity:check_grant"))
        }
        router.get(path("projects/:project_id/users/:actor_id/roles")) { request, context in
            _ = try IdentityAccess.caller(context, "identity:list_grants")
            let grants = try await identity.store.assignments(
                RoleAssignmentQuery(
                    actor: .user(Lookup.parameter(context, "actor_id")), projectID: Lookup.parameter(context, "project_id")))
            let roles = try await identity.store.roles(name: nil).filter { role in grants.contains { $0.roleID == role.id } }
            return JSONResponse.make(.ok, IdentityViews.collection("roles", roles.map { IdentityViews.role($0, base: base(request)) }, base: base(request)))
        }
        router.get(path("role_assignments"), use: assignments)
        registerSystemGrants(on: router)
    }

    /// `/v3/system/{users|groups}/{a}/roles/{r}` (PUT, HEAD and GET to check, DELETE) and a user's or
    /// group's list: roles on the system, which system-scoped tokens carry.
    private func registerSystemGrants(on router: Router<APIContext>) {
        for kind in ["users", "groups"] {
            let noun = kind == "users" ? "user" : "group"
            registerGrant(
                on: router, path("system/\(kind)/:actor_id/roles/:role_id"), kind: kind,
                rules: (
                    "identity:create_system_grant_for_\(noun)", "identity:revoke_system_grant_for_\(noun)",
                    "identity:check_system_grant_for_\(noun)"
                ), checkedByGet: true)
            router.get(path("system/\(kind)/:actor_id/roles")) { request, context in
                _ = try IdentityAccess.caller(context, "identity:list_system_grants_for_\(noun)")
                let actor = Self.assignment(context, kind).actor
                let grants = try await identity.store.assignments(RoleAssignmentQuery(actor: actor, projectID: RoleAssignment.system))
                let roles = try await identity.store.roles(name: nil).filter { role in grants.contains { $0.roleID == role.id } }
                return JSONResponse.make(.ok, IdentityViews.collection("roles", roles.map { IdentityViews.role($0, base: base(request)) }, base: base(request)))
            }
        }
    }

    /// PUT, HEAD (and with `checkedByGet` GET), DELETE of one grant, each behind its rule.
    private func registerGrant(
        on router: Router<APIContext>, _ grant: RouterPath, kind: String, rules: (create: String, revoke: String, check: String),
        checkedByGet: Bool = false
    ) {
        router.put(grant) { _, context in
            _ = try IdentityAccess.caller(context, rules.create)
            _ = try await identity.setAssignment(Self.assignment(context, kind), granted: true)
            return JSONResponse.empty(.noContent)
        }
        router.delete(grant) { _, context in
            _ = try IdentityAccess.caller(context, rules.revoke)
            guard try await identity.setAssignment(Self.assignment(context, kind), granted: false) else {
                throw Fault.notFound("Could not find role assignment.")
            }
            return JSONResponse.empty(.noContent)
        }
        let check: @Sendable (Request, APIContext) async throws -> Response = { _, context in
            _ = try IdentityAccess.caller(context, rules.check)
            let wanted = Self.assignment(context, kind)
            let found = try await identity.store.assignments(RoleAssignmentQuery(actor: wanted.actor, projectID: wanted.projectID, roleID: wanted.roleID))
            guard !found.isEmpty else { throw Fault.notFound("Could not find role assignment.") }
            return JSONResponse.empty(.noContent)
        }
        router.head(grant, use: check)
        if checkedByGet { router.get(grant, use: check) }
    }

    @Sendable func assignments(_ request: Request, _ context: APIContext) async throws -> Response {
        _ = try IdentityAccess.caller(context, "identity:list_role_assignments")
        var query = RoleAssignmentQuery(projectID: Self.query(request, "scope.project.id"), roleID: Self.query(request, "role.id"))
        if Self.query(request, "scope.system") != nil { query.projectID = RoleAssignment.system }
        if let user = Self.query(request, "user.id") { query.actor = .user(user) }
        if let group = Self.query(request, "group.id") { query.actor = .group(group) }
        let found = try await identity.store.assignments(query)
        let names = Listing.truthy(request.uri.cinderQuery.get("include_names"))
        var items: [JSONValue] = []
        for assignment in found { items.append(try await view(assignment, names: names, base: base(request))) }
        return JSONResponse.make(
            .ok, ["role_assignments": .array(items), "links": ["self": .string("\(base(request))/role_assignments"), "previous": .null, "next": .null]])
    }

    private func view(_ assignment: RoleAssignment, names: Bool, base: String) async throws -> JSONValue {
        var role: JSONObject = ["id": .string(assignment.roleID)]
        var actor: JSONObject = ["id": .string(assignment.actor.id)]
        var project: JSONObject = ["id": .string(assignment.projectID)]
        if names {
            role["name"] = .optional(try await identity.store.role(id: assignment.roleID)?.name)
            if case .user(let id) = assignment.actor, let user = try await identity.user(id: id) {
                actor["name"] = .string(user.name)
                actor["domain"] = ["id": .string(user.domainID), "name": .string(identity.domains.first { $0.id == user.domainID }?.name ?? user.domainID)]
            }
            if !assignment.isSystem, let found = try await identity.store.project(id: assignment.projectID) {
                project["name"] = .string(found.name)
                project["domain"] = [
                    "id": .string(found.domainID), "name": .string(identity.domains.first { $0.id == found.domainID }?.name ?? found.domainID),
                ]
            }
        }
        let kind = assignment.actor.kind
        let scope: JSONValue = assignment.isSystem ? ["system": ["all": true]] : ["project": .object(project)]
        let target = assignment.isSystem ? "system" : "projects/\(assignment.projectID)"
        return [
            "role": .object(role), kind: .object(actor), "scope": scope,
            "links": ["assignment": .string("\(base)/\(target)/\(kind)s/\(assignment.actor.id)/roles/\(assignment.roleID)")],
        ]
    }

    /// The grant a path names: on its project, or on the system when the path names none.
    private static func assignment(_ context: APIContext, _ kind: String) -> RoleAssignment {
        let actor = Lookup.parameter(context, "actor_id")
        return RoleAssignment(
            roleID: Lookup.parameter(context, "role_id"), actor: kind == "users" ? .user(actor) : .group(actor),
            projectID: context.parameters.get("project_id") ?? RoleAssignment.system)
    }
}
