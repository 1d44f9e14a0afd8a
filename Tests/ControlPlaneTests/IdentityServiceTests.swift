import Foundation
import Testing

@testable import EmberIdentity
@testable import EmberModel
@testable import EmberSQLStore
@testable import EmberSQLite
@testable import EmberTestSupport

/// An identity service over a store, with the admin bootstrapped (password "admin-pw").
struct IdentityFixture {
    let identity: IdentityService
    let store: SQLStore

    static func make(store: SQLStore, directory: TemporaryDirectory, limits: LoginThrottle.Limits = .init()) async throws -> IdentityFixture {
        let identity = IdentityService(
            store: store, backends: [DatabaseIdentityBackend(store: store)], keys: try TokenKeyRing(directory: directory.path + "/token-keys"),
            configuration: .init(loginLimits: limits))
        #expect(try await identity.bootstrap(adminPassword: "admin-pw") == "admin-pw")
        return IdentityFixture(identity: identity, store: store)
    }

    static func make(limits: LoginThrottle.Limits = .init()) async throws -> (IdentityFixture, TemporaryDirectory) {
        let directory = try TemporaryDirectory("ember-identity")
        let store = try await SQLStore.opened(sqlitePath: directory.path + "/ember.sqlite")
        try await store.migrate()
        return (try await make(store: store, directory: directory, limits: limits), directory)
    }

    func project(_ name: String) async throws -> Project {
        try await identity.createProject(Project(id: IdentityID.make(), name: name))
    }

    /// A user with `role` on `project`.
    func user(_ name: String, password: String = "pw", role: String, on project: Project) async throws -> IdentityUser {
        let user = try await identity.createUser(IdentityUser(id: IdentityID.make(), name: name, domainID: "default"), password: password)
        try await grant(role, to: user, on: project)
        return user
    }

    func grant(_ role: String, to user: IdentityUser, on project: Project, granted: Bool = true) async throws {
        let roleID = try #require(try await store.roles(name: role).first?.id)
        _ = try await identity.setAssignment(RoleAssignment(roleID: roleID, actor: .user(user.id), projectID: project.id), granted: granted)
    }

    func login(_ name: String, _ password: String = "pw", project: String) async throws -> ValidatedToken {
        try await identity.issue(
            AuthRequest(
                method: .password(UserReference(name: name, domain: DomainReference(id: "default")), password),
                scope: ProjectReference(name: project, domain: DomainReference(name: "Default"))))
    }
}

@Suite("Identity service: logins, validation, revocation")
struct IdentityServiceTests {
    @Test func passwordLoginGivesAScopedTokenWithImpliedRoles() async throws {
        let (fixture, directory) = try await IdentityFixture.make()
        _ = directory
        let admin = try await fixture.login("admin", "admin-pw", project: "admin")
        #expect(admin.roles.map(\.name).sorted() == ["admin", "member", "reader"])
        #expect(admin.payload.expiresAt.timeIntervalSince(admin.payload.issuedAt) == 3600)
        let validated = try #require(try await fixture.identity.validate(admin.token))
        #expect(validated.user.name == "admin")
        #expect(validated.callContext(requestID: "r")?.isAdmin == true)
        let demo = try await fixture.project("demo")
        _ = try await fixture.user("alice", role: "member", on: demo)
        let alice = try await fixture.login("alice", project: "demo")
        #expect(alice.roles.map(\.name).sorted() == ["member", "reader"])
        await #expect(throws: Fault(.unauthorized, "The request you have made requires authentication.")) {
            try await fixture.login("alice", "wrong", project: "demo")
        }
        await #expect(throws: Fault.self) { try await fixture.login("nobody", project: "demo") }
        await #expect(throws: Fault.self, "alice has no role on the admin project") { try await fixture.login("alice", project: "admin") }
        // The token method rescopes and keeps the original expiry.
        let other = try await fixture.project("other")
        let user = try #require(try await fixture.identity.user(id: alice.user.id))
        try await fixture.grant("reader", to: user, on: other)
        let rescoped = try await fixture.identity.issue(AuthRequest(method: .token(alice.token), scope: ProjectReference(id: other.id)))
        #expect(rescoped.project?.id == other.id)
        #expect(rescoped.payload.expiresAt == alice.payload.expiresAt)
        #expect(rescoped.payload.auditIDs[1] == alice.payload.auditIDs[0])
        #expect(rescoped.roles.map(\.name) == ["reader"])
    }

    @Test func aTokenStopsWorkingWhenItsUserRoleOrProjectGoesAway() async throws {
        let (fixture, directory) = try await IdentityFixture.make()
        _ = directory
        let demo = try await fixture.project("demo")
        let bob = try await fixture.user("bob", role: "member", on: demo)
        // Disabled user.
        var token = try await fixture.login("bob", project: "demo").token
        #expect(try await fixture.identity.validate(token) != nil)
        var disable = UserUpdate()
        disable.enabled = false
        _ = try await fixture.identity.updateUser(id: bob.id, disable)
        #expect(try await fixture.identity.validate(token) == nil, "a disabled user's token is refused at once")
        await #expect(throws: Fault.self) { try await fixture.login("bob", project: "demo") }
        var enable = UserUpdate()
        enable.enabled = true
        _ = try await fixture.identity.updateUser(id: bob.id, enable)
        // Role removed.
        token = try await fixture.login("bob", project: "demo").token
        try await fixture.grant("member", to: bob, on: demo, granted: false)
        #expect(try await fixture.identity.validate(token) == nil)
        try await fixture.grant("member", to: bob, on: demo)
        // Revoked, and a token rescoped from it with it.
        token = try await fixture.login("bob", project: "demo").token
        let child = try await fixture.identity.issue(AuthRequest(method: .token(token), scope: ProjectReference(id: demo.id))).token
        #expect(try await fixture.identity.revoke(token))
        #expect(try await fixture.identity.validate(token) == nil)
        #expect(try await fixture.identity.validate(child) == nil, "revoking a token revokes the tokens rescoped from it")
        // Project disabled, then user deleted.
        token = try await fixture.login("bob", project: "demo").token
        var off = ProjectUpdate()
        off.enabled = false
        _ = try await fixture.identity.updateProject(id: demo.id, off)
        #expect(try await fixture.identity.validate(token) == nil)
        off.enabled = true
        _ = try await fixture.identity.updateProject(id: demo.id, off)
        token = try await fixture.login("bob", project: "demo").token
        try await fixture.identity.deleteUser(id: bob.id)
        #expect(try await fixture.identity.validate(token) == nil)
        #expect(try await fixture.store.assignments(RoleAssignmentQuery(actor: .user(bob.id))).isEmpty)
    }

    @Test func aValidationSeenByAnotherProcessExpiresFromTheCache() async throws {
        let (fixture, directory) = try await IdentityFixture.make()
        let demo = try await fixture.project("demo")
        let carl = try await fixture.user("carl", role: "member", on: demo)
        let token = try await fixture.login("carl", project: "demo").token
        #expect(try await fixture.identity.validate(token) != nil)
        // A second service on the same database (another API process) disables the user: this one
        // notices once its cached validation is older than the cache lifetime.
        let quick = IdentityService(
            store: fixture.store, backends: [DatabaseIdentityBackend(store: fixture.store)],
            keys: try TokenKeyRing(directory: directory.path + "/token-keys"), configuration: .init(cacheLifetime: 0.2))
        #expect(try await quick.validate(token) != nil)
        var disable = UserUpdate()
        disable.enabled = false
        _ = try await fixture.identity.updateUser(id: carl.id, disable)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await quick.validate(token) == nil)
    }

    @Test func bootstrapIsIdempotentAndNamesAreChecked() async throws {
        let (fixture, directory) = try await IdentityFixture.make()
        _ = directory
        #expect(try await fixture.identity.bootstrap(adminPassword: nil) == nil, "a second start without a password changes nothing")
        #expect(try await fixture.store.users(name: "admin").count == 1)
        #expect(try await fixture.store.projects(name: "admin", domainID: "default").count == 1)
        _ = try await fixture.login("admin", "admin-pw", project: "admin")
        #expect(try await fixture.identity.bootstrap(adminPassword: "new-pw") == "new-pw")
        _ = try await fixture.login("admin", "new-pw", project: "admin")
        await #expect(throws: Fault.self) { try await fixture.login("admin", "admin-pw", project: "admin") }
        await #expect(throws: Fault.self) { _ = try await fixture.project("admin") }
        await #expect(throws: Fault.self) { _ = try await fixture.project("  ") }
        await #expect(throws: Fault.self) {
            _ = try await fixture.identity.createUser(IdentityUser(id: IdentityID.make(), name: "x", domainID: "nowhere"), password: "pw")
        }
    }
}
