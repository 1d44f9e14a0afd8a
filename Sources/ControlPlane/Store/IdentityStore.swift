package import EmberModel
package import Foundation

/// The identity half of the shared database: projects, the users of the `default` domain, roles,
/// role assignments and revoked tokens. `SQLStore` implements it next to `Store`.
package protocol IdentityStore: Sendable {
    func projects(name: String?, domainID: String?) async throws -> [Project]
    func project(id: String) async throws -> Project?
    /// A conflict when the domain already has a project of that name.
    func insertProject(_ project: Project) async throws
    func updateProject(id: String, _ update: ProjectUpdate) async throws -> Project?
    /// Removes the project, its quotas and its role assignments; false when there was none, a conflict while it
    /// still has live volumes or snapshots (they would be left without an owner).
    func deleteProject(id: String) async throws -> Bool

    func users(name: String?) async throws -> [IdentityUser]
    func user(id: String) async throws -> IdentityUser?
    /// A user of the database domain by name, with the stored password hash.
    func userCredentials(name: String) async throws -> (user: IdentityUser, passwordHash: String?)?
    /// A conflict when the name is taken.
    func insertUser(_ user: IdentityUser, passwordHash: String?) async throws
    /// Applies `update` (and a new hash when given); nil when there is no such user.
    func updateUser(id: String, _ update: UserUpdate, passwordHash: String?) async throws -> IdentityUser?
    /// Removes the user and the user's role assignments; false when there was none.
    func deleteUser(id: String) async throws -> Bool

    func roles(name: String?) async throws -> [Role]
    func role(id: String) async throws -> Role?
    func assignments(_ query: RoleAssignmentQuery) async throws -> [RoleAssignment]
    /// The names of the roles any of `actors` holds on the project (without implied roles).
    func roleNames(of actors: [RoleActor], projectID: String) async throws -> [String]
    /// Grants or revokes; false when nothing changed.
    func setAssignment(_ assignment: RoleAssignment, granted: Bool) async throws -> Bool

    func revokeTokens(auditID: String, expiresAt: Date) async throws
    /// Kills every token of `userID` (any user when nil) scoped to `projectID` (any scope when nil)
    /// issued at or before `issuedBefore`; the event is kept until `expiresAt`, when all such tokens
    /// have expired anyway.
    func revokeTokens(userID: String?, projectID: String?, issuedBefore: Date, expiresAt: Date) async throws
    /// Whether the token was revoked by its audit ids or by an event.
    func isRevoked(_ token: TokenPayload) async throws -> Bool
}
