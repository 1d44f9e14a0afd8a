package import EmberModel
import EmberStore
import Foundation

/// What the identity API's admin calls change: projects, users (in writable domains), role grants,
/// and the first-start bootstrap. Each change drops the validation cache.
extension IdentityService {
    package func createProject(_ project: Project) async throws -> Project {
        try Self.validateName(project.name, kind: "project")
        guard domains.contains(where: { $0.id == project.domainID }) else {
            throw Fault.badRequest("Could not find domain: \(project.domainID).")
        }
        try await store.insertProject(project)
        return project
    }

    package func updateProject(id: String, _ update: ProjectUpdate) async throws -> Project {
        if let name = update.name { try Self.validateName(name, kind: "project") }
        guard let project = try await store.updateProject(id: id, update) else { throw Self.notFound("project", id) }
        if update.enabled == false { try await revokeTokens(userID: nil, projectID: id) }
        changed()
        return project
    }

    package func deleteProject(id: String) async throws {
        guard try await store.deleteProject(id: id) else { throw Self.notFound("project", id) }
        changed()
    }

    package func user(id: String) async throws -> IdentityUser? {
        for backend in backends {
            if let user = try await backend.user(id: id) { return user }
        }
        return nil
    }

    package func users(name: String?, domainID: String?) async throws -> [IdentityUser] {
        var users: [IdentityUser] = []
        for backend in backends where domainID == nil || backend.domain.id == domainID {
            users += try await backend.users(name: name)
        }
        return users
    }

    package func createUser(_ user: IdentityUser, password: String?) async throws -> IdentityUser {
        try Self.validateName(user.name, kind: "user")
        guard let backend = backends.first(where: { $0.domain.id == user.domainID }) else {
            throw Fault.badRequest("Could not find domain: \(user.domainID).")
        }
        guard !backend.isReadOnly else { throw Self.readOnly(backend.domain) }
        try await store.insertUser(user, passwordHash: try await hash(password))
        return user
    }

    package func updateUser(id: String, _ update: UserUpdate) async throws -> IdentityUser {
        if let name = update.name { try Self.validateName(name, kind: "user") }
        try await writable(userID: id)
        guard let user = try await store.updateUser(id: id, update, passwordHash: try await hash(update.password)) else {
            throw Self.notFound("user", id)
        }
        // As Keystone's revocation events: a new password or a disabled account ends every token so far,
        // and re-enabling the account does not bring them back.
        if update.password != nil || update.enabled == false { try await revokeTokens(userID: id, projectID: nil) }
        changed()
        return user
    }

    package func deleteUser(id: String) async throws {
        try await writable(userID: id)
        guard try await store.deleteUser(id: id) else { throw Self.notFound("user", id) }
        try await revokeTokens(userID: id, projectID: nil)
        changed()
    }

    /// Grants or revokes a role; the role, the project and (for users) the user must exist.
    package func setAssignment(_ assignment: RoleAssignment, granted: Bool) async throws -> Bool {
        guard try await store.role(id: assignment.roleID) != nil else { throw Self.notFound("role", assignment.roleID) }
        if !assignment.isSystem, try await store.project(id: assignment.projectID) == nil { throw Self.notFound("project", assignment.projectID) }
        if case .user(let id) = assignment.actor, try await user(id: id) == nil { throw Self.notFound("user", id) }
        let changedSomething = try await store.setAssignment(assignment, granted: granted)
        // A removed role ends the user's tokens on the project, so a later grant cannot revive them.
        // Tokens of a group's members are re-checked on each validation instead (no member list here).
        if changedSomething, !granted, case .user(let id) = assignment.actor {
            try await revokeTokens(userID: id, projectID: assignment.isSystem ? nil : assignment.projectID)
        }
        changed()
        return changedSomething
    }

    /// Records a revocation event for the tokens issued until now, kept as long as any could live.
    private func revokeTokens(userID: String?, projectID: String?) async throws {
        let now = Date()
        try await store.revokeTokens(
            userID: userID, projectID: projectID, issuedBefore: now,
            expiresAt: now.addingTimeInterval(configuration.tokenLifetime))
    }

    /// First start: project `admin`, user `admin` with the admin role there. Returns the password when
    /// it was set now (given, or generated because none was), nil when the admin already existed and no
    /// password was given.
    package func bootstrap(adminPassword: String?) async throws -> String? {
        let project: Project
        if let existing = try await store.projects(name: "admin", domainID: IdentityDomain.default.id).first {
            project = existing
        } else {
            project = try await createProject(Project(id: IdentityID.make(), name: "admin", description: "Bootstrap project for initializing the cloud."))
        }
        var password: String?
        let user: IdentityUser
        if let existing = try await store.users(name: "admin").first {
            user = existing
            if let adminPassword {
                var update = UserUpdate()
                update.password = adminPassword
                _ = try await updateUser(id: user.id, update)
                password = adminPassword
            }
        } else {
            password = adminPassword ?? Base64URL.random(bytes: 18)
            user = try await createUser(IdentityUser(id: IdentityID.make(), name: "admin", domainID: IdentityDomain.default.id), password: password)
        }
        guard let admin = try await store.roles(name: "admin").first else { throw Fault(.internalError, "The admin role is missing.") }
        _ = try await setAssignment(RoleAssignment(roleID: admin.id, actor: .user(user.id), projectID: project.id), granted: true)
        return password
    }

    private func hash(_ password: String?) async throws -> String? {
        guard let password else { return nil }
        let hasher = hasher
        return try await BlockingWork.run { try hasher.hash(password) }
    }

    private func writable(userID: String) async throws {
        if try await store.user(id: userID) != nil { return }
        for backend in backends where backend.isReadOnly {
            if try await backend.user(id: userID) != nil { throw Self.readOnly(backend.domain) }
        }
        throw Self.notFound("user", userID)
    }

    static func validateName(_ name: String, kind: String) throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 255, !name.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw Fault.badRequest("Invalid input for field 'name': a \(kind) name must be 1 to 255 printable characters.")
        }
    }

    package static func notFound(_ kind: String, _ id: String) -> Fault { .notFound("Could not find \(kind): \(id).") }

    static func readOnly(_ domain: IdentityDomain) -> Fault {
        Fault(.forbidden, "Users of domain \(domain.name) are read from LDAP, which is read only.")
    }
}
