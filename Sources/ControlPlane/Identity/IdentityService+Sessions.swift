package import EmberModel
import EmberStore
import Foundation

/// What a browser session (the dashboard) asks of identity beyond Keystone's token calls: the projects
/// its user may switch to, and a logout that ends every token of the session at once.
extension IdentityService {
    /// The enabled projects on which the token's user, or one of the user's groups, holds a role.
    package func projects(of token: ValidatedToken) async throws -> [Project] {
        guard let backend = backends.first(where: { $0.domain.id == token.domain.id }) else { return [] }
        let actors = [RoleActor.user(token.user.id)] + (try await backend.groupIDs(of: token.user)).map(RoleActor.group)
        var ids = Set<String>()
        for actor in actors {
            for assignment in try await store.assignments(RoleAssignmentQuery(actor: actor)) where !assignment.isSystem {
                ids.insert(assignment.projectID)
            }
        }
        var projects: [Project] = []
        for id in ids.sorted() {
            if let project = try await store.project(id: id), project.enabled { projects.append(project) }
        }
        return projects.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    /// Revokes the token and every token in its chain: the one it was rescoped from (its oldest audit
    /// id) and every other rescoped from that. False when it was not valid anyway.
    package func revokeSession(_ token: String) async throws -> Bool {
        guard let payload = codec.open(token), payload.expiresAt > Date(), let root = payload.auditIDs.last else { return false }
        try await store.revokeTokens(auditID: root, expiresAt: payload.expiresAt)
        changed()
        return true
    }
}
