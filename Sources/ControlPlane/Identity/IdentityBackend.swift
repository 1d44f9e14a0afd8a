package import EmberModel
package import EmberStore
import Foundation

/// Where a domain's users come from: the database (the `default` domain) or a directory (LDAP,
/// read-only). Projects, roles and role assignments always live in the database, as in Keystone.
package protocol IdentityBackend: Sendable {
    var domain: IdentityDomain { get }
    /// Users of a read-only backend cannot be created, changed or deleted through the API.
    var isReadOnly: Bool { get }
    /// The user these credentials belong to, or nil when the name is unknown or the password wrong.
    func authenticate(name: String, password: String) async throws -> IdentityUser?
    func user(id: String) async throws -> IdentityUser?
    func users(name: String?) async throws -> [IdentityUser]
    /// The groups the user belongs to (role assignments to a group apply to its members).
    func groupIDs(of user: IdentityUser) async throws -> [String]
}

/// The `default` domain: users in the shared database, passwords as scrypt hashes.
package struct DatabaseIdentityBackend: IdentityBackend {
    let store: any IdentityStore
    package let domain = IdentityDomain.default
    package let isReadOnly = false
    /// Checked against when the name is unknown, so an unknown user costs the same time as a wrong password.
    private static let decoy = (try? PasswordHasher().hash("decoy-password")) ?? ""

    package init(store: any IdentityStore) {
        self.store = store
    }

    package func authenticate(name: String, password: String) async throws -> IdentityUser? {
        let found = try await store.userCredentials(name: name)
        let hash = found?.passwordHash ?? Self.decoy
        let matches = try await BlockingWork.run { PasswordHasher.verify(password, against: hash) }
        guard let found, found.passwordHash != nil, matches else { return nil }
        return found.user
    }

    package func user(id: String) async throws -> IdentityUser? { try await store.user(id: id) }
    package func users(name: String?) async throws -> [IdentityUser] { try await store.users(name: name) }
    package func groupIDs(of user: IdentityUser) async throws -> [String] { [] }
}
