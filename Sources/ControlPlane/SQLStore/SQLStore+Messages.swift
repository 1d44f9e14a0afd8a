package import EmberModel
package import Foundation

/// User messages: written by the scheduler and the volume service when work fails, read through `/messages`.
extension SQLStore {
    package func insertMessage(_ message: UserMessage) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM messages WHERE expires_at < ?", arguments: [Date().storedValue])
            let e = message.event
            try db.execute(
                sql: """
                    INSERT INTO messages (id, project_id, request_id, resource_type, resource_uuid, action_id, action, detail_id, detail,
                        message_level, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    message.id.key, message.projectID, message.requestID, e.resourceType, message.resourceUUID?.key, e.actionID, e.action,
                    e.detailID, e.detail, message.level, message.createdAt.storedValue, message.expiresAt.storedValue,
                ])
        }
    }

    package func messages(projectID: String?) async throws -> [UserMessage] {
        try await database.readStatement { db in
            try db.rows(
                sql: "SELECT * FROM messages WHERE expires_at >= ?1 AND (CAST(?2 AS TEXT) IS NULL OR project_id = ?2) ORDER BY created_at DESC, id DESC",
                arguments: [Date().storedValue, projectID]
            ).map(Self.message)
        }
    }

    package func message(id: UUID) async throws -> UserMessage? {
        try await database.readStatement { db in
            try db.row(sql: "SELECT * FROM messages WHERE id = ? AND expires_at >= ?", arguments: [id.key, Date().storedValue])
                .map(Self.message)
        }
    }

    package func deleteMessage(id: UUID) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM messages WHERE id = ?", arguments: [id.key])
            return db.changesCount == 1
        }
    }

    private static func message(_ row: SQLRow) throws -> UserMessage {
        guard let id = UUID(key: row["id"]) else { throw StoreError.corruptRow(table: "messages", id: row["id"]) }
        let event = MessageEvent(
            resourceType: row["resource_type"], actionID: row["action_id"], action: row["action"], detailID: row["detail_id"],
            detail: row["detail"])
        var message = UserMessage(
            id: id, projectID: row["project_id"], requestID: row["request_id"], resourceUUID: (row["resource_uuid"] as String?).flatMap(UUID.init(key:)),
            event: event, level: row["message_level"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
        message.expiresAt = Date(timeIntervalSince1970: row["expires_at"])
        return message
    }
}
