package import EmberModel
package import Foundation

/// Data operations and their progress: written by the volume service that runs them, read through `/operations`.
extension SQLStore {
    package func recordOperation(_ operation: DataOperation) async throws {
        try await database.write { db in
            if operation.state == .running, operation.bytesDone == 0 {
                // A new operation: the ones that ended long ago go.
                try db.execute(
                    sql: "DELETE FROM operations WHERE finished_at < ?", arguments: [Date().addingTimeInterval(-DataOperation.kept).storedValue])
            }
            try db.execute(
                sql: """
                    INSERT INTO operations (id, project_id, resource_type, resource_id, kind, state, host, bytes_done, bytes_total,
                        bytes_per_second, started_at, updated_at, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET state = excluded.state, bytes_done = excluded.bytes_done,
                        bytes_total = excluded.bytes_total, bytes_per_second = excluded.bytes_per_second,
                        updated_at = excluded.updated_at, finished_at = excluded.finished_at
                    """,
                arguments: [
                    operation.id.key, operation.projectID, operation.resourceType.rawValue, operation.resourceID.key, operation.kind.rawValue,
                    operation.state.rawValue, operation.host, operation.bytesDone, operation.bytesTotal, operation.bytesPerSecond,
                    operation.startedAt.storedValue, operation.updatedAt.storedValue, operation.finishedAt?.storedValue,
                ])
            // A snapshot being copied shows the copy's progress in Cinder's own field.
            if operation.resourceType == .snapshot, operation.state != .failed {
                try db.execute(
                    sql: "UPDATE snapshots SET progress = ? WHERE id = ? AND status = 'creating'",
                    arguments: ["\(operation.percentDone)%", operation.resourceID.key])
            }
        }
    }

    package func operations(projectID: String?) async throws -> [DataOperation] {
        let since = Date().addingTimeInterval(-DataOperation.kept).storedValue
        return try await database.readStatement { db in
            try db.rows(
                sql: """
                    SELECT * FROM operations WHERE (finished_at IS NULL OR finished_at >= ?1) AND (CAST(?2 AS TEXT) IS NULL OR project_id = ?2)
                    ORDER BY started_at DESC, id DESC
                    """,
                arguments: [since, projectID]
            ).map(Self.operation)
        }
    }

    package func operation(id: UUID) async throws -> DataOperation? {
        let since = Date().addingTimeInterval(-DataOperation.kept).storedValue
        return try await database.readStatement { db in
            try db.row(sql: "SELECT * FROM operations WHERE id = ? AND (finished_at IS NULL OR finished_at >= ?)", arguments: [id.key, since])
                .map(Self.operation)
        }
    }

    private static func operation(_ row: SQLRow) throws -> DataOperation {
        guard let id = UUID(key: row["id"]), let resourceID = UUID(key: row["resource_id"]),
            let type = WorkerRecord.ResourceType(rawValue: row["resource_type"]), let kind = DataOperation.Kind(rawValue: row["kind"]),
            let state = DataOperation.State(rawValue: row["state"])
        else { throw StoreError.corruptRow(table: "operations", id: row["id"]) }
        var operation = DataOperation(
            id: id, projectID: row["project_id"], resourceType: type, resourceID: resourceID, kind: kind, host: row["host"],
            bytesTotal: row["bytes_total"], startedAt: Date(timeIntervalSince1970: row["started_at"]))
        operation.state = state
        operation.bytesDone = row["bytes_done"]
        operation.bytesPerSecond = row["bytes_per_second"]
        operation.updatedAt = Date(timeIntervalSince1970: row["updated_at"])
        operation.finishedAt = Date(stored: row["finished_at"])
        return operation
    }
}
