package import EmberModel
package import Foundation

/// Worker records: what a volume service must finish, written before each cast that asks for work.
extension SQLStore {
    package func recordWork(_ record: WorkerRecord) async throws {
        try await database.write { db in try Self.recordWork(db, record) }
    }

    /// Records `record` inside a write that is already under way (a host's claim records its create).
    static func recordWork(_ db: any SQLConnection, _ record: WorkerRecord) throws {
        try db.execute(
            sql: """
                INSERT INTO workers (resource_type, resource_id, status, host, updated_at) VALUES (?, ?, ?, ?, \(db.dialect.now))
                ON CONFLICT (resource_type, resource_id) DO UPDATE SET
                    status = excluded.status, host = excluded.host, updated_at = excluded.updated_at
                """,
            arguments: [record.resourceType.rawValue, record.resourceID.key, record.status, record.host])
    }

    @discardableResult
    package func finishWork(_ type: WorkerRecord.ResourceType, _ id: UUID, status: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "DELETE FROM workers WHERE resource_type = ? AND resource_id = ? AND status = ?", arguments: [type.rawValue, id.key, status])
            return db.changesCount == 1
        }
    }

    package func work(matching query: WorkerQuery) async throws -> [WorkerRecord] {
        try await database.readStatement { db in
            try db.rows(
                sql: """
                    SELECT * FROM workers WHERE (CAST(?1 AS TEXT) IS NULL OR host = ?1) AND (CAST(?2 AS TEXT) IS NULL OR resource_type = ?2)
                        AND (CAST(?3 AS TEXT) IS NULL OR resource_id = ?3)
                    ORDER BY updated_at, resource_type, resource_id
                    """,
                arguments: [query.host, query.resourceType?.rawValue, query.resourceID?.key]
            ).map(Self.worker)
        }
    }

    private static func worker(_ row: SQLRow) throws -> WorkerRecord {
        guard let type = WorkerRecord.ResourceType(rawValue: row["resource_type"]), let id = UUID(key: row["resource_id"]) else {
            throw StoreError.corruptRow(table: "workers", id: row["resource_id"])
        }
        return WorkerRecord(type, id, status: row["status"], host: row["host"], updatedAt: row["updated_at"])
    }
}
