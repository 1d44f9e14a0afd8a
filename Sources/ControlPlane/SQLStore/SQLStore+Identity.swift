package import EmberModel
package import EmberStore
package import Foundation

extension SQLStore: IdentityStore {
    // MARK: Projects

    package func projects(name: String?, domainID: String?) async throws -> [Project] {
        try await database.readStatement { db in
            try db.rows(
                sql: "SELECT * FROM projects WHERE (CAST(?1 AS TEXT) IS NULL OR name = ?1) AND (CAST(?2 AS TEXT) IS NULL OR domain_id = ?2) ORDER BY name",
                arguments: [name, domainID]
            ).map(Self.project)
        }
    }

    package func project(id: String) async throws -> Project? {
        try await database.readStatement { db in try db.row(sql: "SELECT * FROM projects WHERE id = ?", arguments: [id]).map(Self.project) }
    }

    package func insertProject(_ project: Project) async throws {
        try await database.write { db in
            try Self.uniqueName(db, "projects", project.name, domainID: project.domainID, kind: "project")
            try db.execute(
                sql: "INSERT INTO projects (id, name, domain_id, description, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [project.id, project.name, project.domainID, project.description, project.enabled, Date().timeIntervalSince1970])
        }
    }

    package func updateProject(id: String, _ update: ProjectUpdate) async throws -> Project? {
        try await database.write { db in
            guard var project = try db.row(sql: "SELECT * FROM projects WHERE id = ?", arguments: [id]).map(Self.project) else { return nil }
            if let name = update.name, name != project.name {
                try Self.uniqueName(db, "projects", name, domainID: project.domainID, kind: "project")
                project.name = name
            }
            project.description = update.description ?? project.description
            project.enabled = update.enabled ?? project.enabled
            try db.execute(
                sql: "UPDATE projects SET name = ?, description = ?, enabled = ? WHERE id = ?",
                arguments: [project.name, project.description, project.enabled, id])
            return project
        }
    }

    package func deleteProject(id: String) async throws -> Bool {
        try await database.write { db in
            let live =
                try db.value(
                    Int.self,
                    sql:
                        "SELECT (SELECT COUNT(*) FROM volumes WHERE project_id = ?1 AND deleted = 0) + (SELECT COUNT(*) FROM snapshots WHERE project_id = ?1 AND deleted = 0)",
                    arguments: [id]) ?? 0
            guard live == 0 else {
                throw Fault(.conflict, "Project \(id) still has \(live) volume(s) or snapshot(s); delete them first.")
            }
            try db.execute(sql: "DELETE FROM quotas WHERE project_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM projects WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    // MARK: Users

    package func users(name: String?) async throws -> [IdentityUser] {
        try await database.readStatement { db in
            try db.rows(sql: "SELECT * FROM users WHERE (CAST(?1 AS TEXT) IS NULL OR name = ?1) ORDER BY name", arguments: [name]).map(Self.user)
        }
    }

    package func user(id: String) async throws -> IdentityUser? {
        try await database.readStatement { db in try db.row(sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user) }
    }

    package func userCredentials(name: String) async throws -> (user: IdentityUser, passwordHash: String?)? {
        try await database.readStatement { db in
            try db.row(sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map { (Self.user($0), $0["password_hash"]) }
        }
    }

    package func insertUser(_ user: IdentityUser, passwordHash: String?) async throws {
        try await database.write { db in
            try Self.uniqueName(db, "users", user.name, domainID: user.domainID, kind: "user")
            try db.execute(
                sql: """
                    INSERT INTO users (id, name, domain_id, password_hash, enabled, email, description, default_project_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    user.id, user.name, user.domainID, passwordHash, user.enabled, user.email, user.description,
                    user.defaultProjectID, Date().timeIntervalSince1970,
                ])
        }
    }

    package func updateUser(id: String, _ update: UserUpdate, passwordHash: String?) async throws -> IdentityUser? {
        try await database.write { db in
            guard var user = try db.row(sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user) else { return nil }
            if let name = update.name, name != user.name {
                try Self.uniqueName(db, "users", name, domainID: user.domainID, kind: "user")
                user.name = name
            }
            user.enabled = update.enabled ?? user.enabled
            if let email = update.email { user.email = email }
            if let description = update.description { user.description = description }
            if let project = update.defaultProjectID { user.defaultProjectID = project }
            try db.execute(
                sql: """
                    UPDATE users SET name = ?, enabled = ?, email = ?, description = ?, default_project_id = ?,
                        password_hash = COALESCE(?, password_hash) WHERE id = ?
                    """,
                arguments: [user.name, user.enabled, user.email, user.description, user.defaultProjectID, passwordHash, id])
            return user
        }
    }

    package func deleteUser(id: String) async throws -> Bool {
        try await database.write { db in
            for table in Self.assignmentTables {
                try db.execute(sql: "DELETE FROM \(table) WHERE actor_type = 'user' AND actor_id = ?", arguments: [id])
            }
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    // MARK: Roles and assignments

    package func roles(name: String?) async throws -> [Role] {
        try await database.readStatement { db in
            try db.rows(sql: "SELECT * FROM roles WHERE (CAST(?1 AS TEXT) IS NULL OR name = ?1) ORDER BY name", arguments: [name])
                .map { Role(id: $0["id"], name: $0["name"]) }
        }
    }

    package func role(id: String) async throws -> Role? {
        try await database.readStatement { db in
            try db.row(sql: "SELECT * FROM roles WHERE id = ?", arguments: [id]).map { Role(id: $0["id"], name: $0["name"]) }
        }
    }

    /// Project grants, and system grants (`RoleAssignment.system` as their project id) in a table of
    /// their own, since theirs names no project.
    private static let assignmentTables = ["role_assignments", "system_role_assignments"]

    private static func assignmentTable(_ projectID: String) -> String {
        projectID == RoleAssignment.system ? "system_role_assignments" : "role_assignments"
    }

    package func assignments(_ query: RoleAssignmentQuery) async throws -> [RoleAssignment] {
        try await database.readStatement { db in
            try db.rows(
                sql: """
                    SELECT * FROM (SELECT * FROM role_assignments UNION ALL SELECT * FROM system_role_assignments) AS assignments
                    WHERE (CAST(?1 AS TEXT) IS NULL OR actor_type = ?1) AND (CAST(?2 AS TEXT) IS NULL OR actor_id = ?2)
                        AND (CAST(?3 AS TEXT) IS NULL OR project_id = ?3) AND (CAST(?4 AS TEXT) IS NULL OR role_id = ?4)
                    ORDER BY project_id, actor_type, actor_id, role_id
                    """,
                arguments: [query.actor?.kind, query.actor?.id, query.projectID, query.roleID]
            ).map { row in
                let actorID: String = row["actor_id"]
                return RoleAssignment(
                    roleID: row["role_id"], actor: row["actor_type"] == "group" ? .group(actorID) : .user(actorID), projectID: row["project_id"])
            }
        }
    }

    package func roleNames(of actors: [RoleActor], projectID: String) async throws -> [String] {
        guard !actors.isEmpty else { return [] }
        return try await database.readStatement { db in
            let clauses = actors.map { _ in "(a.actor_type = ? AND a.actor_id = ?)" }.joined(separator: " OR ")
            var arguments: SQLArguments = [projectID]
            for actor in actors { arguments += [actor.kind, actor.id] }
            return try db.values(
                String.self,
                sql: """
                    SELECT DISTINCT r.name FROM \(Self.assignmentTable(projectID)) a JOIN roles r ON r.id = a.role_id
                    WHERE a.project_id = ? AND (\(clauses))
                    """,
                arguments: arguments)
        }
    }

    package func setAssignment(_ assignment: RoleAssignment, granted: Bool) async throws -> Bool {
        try await database.write { db in
            let arguments: SQLArguments = [assignment.roleID, assignment.actor.kind, assignment.actor.id, assignment.projectID]
            if granted {
                try db.execute(
                    sql: """
                        INSERT INTO \(Self.assignmentTable(assignment.projectID)) (role_id, actor_type, actor_id, project_id)
                        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """,
                    arguments: arguments)
            } else {
                try db.execute(
                    sql: "DELETE FROM \(Self.assignmentTable(assignment.projectID)) WHERE role_id = ? AND actor_type = ? AND actor_id = ? AND project_id = ?",
                    arguments: arguments)
            }
            return db.changesCount > 0
        }
    }

    // MARK: Revoked tokens

    package func revokeTokens(auditID: String, expiresAt: Date) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM revoked_tokens WHERE expires_at < ?", arguments: [Date().timeIntervalSince1970])
            try db.execute(
                sql: "INSERT INTO revoked_tokens (audit_id, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                arguments: [auditID, expiresAt.timeIntervalSince1970])
        }
    }

    package func revokeTokens(userID: String?, projectID: String?, issuedBefore: Date, expiresAt: Date) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM revocation_events WHERE expires_at < ?", arguments: [Date().timeIntervalSince1970])
            try db.execute(
                sql: "INSERT INTO revocation_events (user_id, project_id, issued_before, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [userID, projectID, issuedBefore.timeIntervalSince1970, expiresAt.timeIntervalSince1970])
        }
    }

    package func isRevoked(_ token: TokenPayload) async throws -> Bool {
        let auditIDs = token.auditIDs
        let marks = auditIDs.map { _ in "?" }.joined(separator: ",")
        var arguments = SQLArguments(auditIDs)
        arguments += [token.issuedAt.timeIntervalSince1970, token.userID, token.projectID]
        let sql = """
            SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE audit_id IN (\(marks.isEmpty ? "NULL" : marks)))
                OR EXISTS (SELECT 1 FROM revocation_events WHERE issued_before >= ? AND (user_id IS NULL OR user_id = ?)
                           AND (project_id IS NULL OR project_id = ?))
            """
        let bound = arguments
        return try await database.readStatement { db in try db.value(Bool.self, sql: sql, arguments: bound) ?? false }
    }

    // MARK: Rows

    private static func uniqueName(_ db: any SQLConnection, _ table: String, _ name: String, domainID: String, kind: String) throws {
        if try db.value(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE name = ? AND domain_id = ?)", arguments: [name, domainID]) == true {
            throw Fault(.conflict, "Conflict occurred attempting to store \(kind) - Duplicate entry found with name \(name) at domain ID \(domainID).")
        }
    }

    private static func project(_ row: SQLRow) -> Project {
        Project(id: row["id"], name: row["name"], domainID: row["domain_id"], description: row["description"], enabled: row["enabled"])
    }

    private static func user(_ row: SQLRow) -> IdentityUser {
        IdentityUser(
            id: row["id"], name: row["name"], domainID: row["domain_id"], enabled: row["enabled"], email: row["email"],
            description: row["description"], defaultProjectID: row["default_project_id"])
    }
}
