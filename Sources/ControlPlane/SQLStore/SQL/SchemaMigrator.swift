/// Applies the schema's migrations in order, each in one transaction with its record, and records
/// them in the dialect's table (GRDB's `grdb_migrations` layout, so SQLite data dirs of earlier
/// releases carry on). On PostgreSQL an advisory lock makes two processes migrating at once take turns.
package struct SchemaMigrator: Sendable {
    package typealias Step = @Sendable (any SQLConnection) throws -> Void
    package private(set) var migrations: [(identifier: String, step: Step)] = []

    package init() {}

    package mutating func registerMigration(_ identifier: String, migrate step: @escaping Step) {
        precondition(!migrations.contains { $0.identifier == identifier }, "migration \(identifier) registered twice")
        migrations.append((identifier, step))
    }

    package func migrate(_ executor: any SQLExecutor) async throws {
        let table = executor.dialect.migrationsTable
        try await executor.write { db in
            try Self.lock(db)
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(table) (identifier TEXT NOT NULL PRIMARY KEY)")
        }
        for (identifier, step) in migrations {
            try await executor.write { db in
                try Self.lock(db)
                let done = try db.value(Int.self, sql: "SELECT COUNT(*) FROM \(table) WHERE identifier = ?", arguments: [identifier]) ?? 0
                guard done == 0 else { return }
                try step(db)
                try db.execute(sql: "INSERT INTO \(table) (identifier) VALUES (?)", arguments: [identifier])
            }
        }
    }

    /// Holds PostgreSQL's migration lock until the transaction ends; SQLite's writers take turns anyway.
    private static func lock(_ db: any SQLConnection) throws {
        if db.dialect.engine == .postgres { try db.execute(sql: "SELECT pg_advisory_xact_lock(7331)") }
    }

    package func appliedMigrations(_ executor: any SQLExecutor) async throws -> [String] {
        let table = executor.dialect.migrationsTable
        let applied = try await executor.read { db in
            try db.values(String.self, sql: "SELECT identifier FROM \(table)")
        }
        return migrations.map(\.identifier).filter(Set(applied).contains)
    }
}
