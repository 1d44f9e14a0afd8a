package import EmberModel
package import Foundation

/// Attachments and exports. A volume's status is derived from its live attachments inside the same
/// transaction that changes one of them, so two attachers racing on one volume can never both win.
extension SQLStore {
    package func insertAttachment(_ attachment: Attachment, multiattach: Bool) async throws {
        try await database.write { db in
            guard let volume = try Self.liveVolume(db, id: attachment.volumeID) else {
                throw Fault.volumeNotFound(attachment.volumeID.key)
            }
            guard AttachmentLifecycle.reservable(multiattach: multiattach).contains(volume.status) else {
                let why =
                    volume.status == .inUse || volume.status == .reserved || volume.status == .attaching
                    ? " and it is not multiattach" : ""
                throw Fault.badRequest(
                    "Invalid volume: Volume \(volume.id.key) status must be available to reserve, but the status is \(volume.status.rawValue)\(why).")
            }
            try db.execute(
                sql: """
                    INSERT INTO attachments (id, volume_id, project_id, instance_uuid, attach_mode, status, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    attachment.id.key, attachment.volumeID.key, attachment.projectID, attachment.instanceID,
                    attachment.mode, attachment.status.rawValue, attachment.createdAt.storedValue,
                ])
            try Self.settleVolumeStatus(db, volumeID: attachment.volumeID)
        }
    }

    package func attachment(id: UUID) async throws -> Attachment? {
        try await database.readStatement { db in
            try db.row(sql: "SELECT \(Self.attachmentColumns) FROM attachments WHERE id = ? AND deleted = 0", arguments: [id.key])
                .map(Self.attachment)
        }
    }

    package func attachments(projectID: String?, volumeID: UUID?) async throws -> [Attachment] {
        try await database.readStatement { db in try Self.attachments(db, projectID: projectID, volumeID: volumeID) }
    }

    static func attachments(_ db: any SQLConnection, projectID: String?, volumeID: UUID?) throws -> [Attachment] {
        var clauses = ["deleted = 0"]
        var arguments = SQLArguments()
        if let projectID {
            clauses.append("project_id = ?")
            arguments += [projectID]
        }
        if let volumeID {
            clauses.append("volume_id = ?")
            arguments += [volumeID.key]
        }
        let sql = "SELECT \(attachmentColumns) FROM attachments WHERE \(clauses.joined(separator: " AND ")) ORDER BY created_at DESC, id DESC"
        return try db.rows(sql: sql, arguments: arguments).map(attachment)
    }

    package func apply(_ event: AttachmentEvent, toAttachment id: UUID, change: @escaping @Sendable (inout Attachment) -> Void) async throws -> Bool {
        let from = AttachmentLifecycle.sources(of: event)
        let to = AttachmentLifecycle.target(of: event)
        return try await database.write { db in
            guard
                var attachment = try db.row(
                    sql: "SELECT \(Self.attachmentColumns) FROM attachments WHERE id = ? AND deleted = 0", arguments: [id.key]
                ).map(Self.attachment), from.contains(attachment.status)
            else { return false }
            change(&attachment)
            attachment.status = to
            if to == .attached, attachment.attachedAt == nil { attachment.attachedAt = Date() }
            if to == .detached { attachment.detachedAt = Date() }
            try db.execute(
                sql: """
                    UPDATE attachments SET status = ?, instance_uuid = ?, attached_host = ?, mountpoint = ?, attach_mode = ?,
                        connector = ?, attach_time = ?, detach_time = ?, deleted = ? WHERE id = ?
                    """,
                arguments: [
                    to.rawValue, attachment.instanceID, attachment.attachedHost, attachment.mountpoint, attachment.mode,
                    attachment.connector, attachment.attachedAt?.storedValue, attachment.detachedAt?.storedValue,
                    to == .detached, id.key,
                ])
            try Self.settleVolumeStatus(db, volumeID: attachment.volumeID)
            return true
        }
    }

    /// Sets a volume's status from its live attachments (only while it is in an attachment status, so
    /// an admin's reset or a delete in flight is never overwritten).
    private static func settleVolumeStatus(_ db: any SQLConnection, volumeID: UUID) throws {
        let statuses = try db.values(String.self, sql: "SELECT status FROM attachments WHERE volume_id = ? AND deleted = 0", arguments: [volumeID.key])
            .compactMap(AttachmentStatus.init(rawValue:))
        let status = AttachmentLifecycle.volumeStatus(for: statuses)
        try db.execute(
            sql:
                "UPDATE volumes SET status = ?, updated_at = ? WHERE id = ? AND deleted = 0 AND status IN ('available', 'reserved', 'attaching', 'in-use', 'detaching')",
            arguments: [status.rawValue, Date().storedValue, volumeID.key])
    }

    // MARK: Exports

    package func exportCredentials(volumeID: UUID) async throws -> ChapCredentials? {
        try await database.readStatement { [secrets] db in
            try db.row(sql: "SELECT auth_username, auth_secret FROM volume_exports WHERE volume_id = ?", arguments: [volumeID.key])
                .map { ChapCredentials(username: $0[0], password: try secrets.open($0[1])) }
        }
    }

    package func saveExportCredentials(volumeID: UUID, _ credentials: ChapCredentials) async throws {
        try await database.write { [secrets] db in
            try db.execute(
                sql: """
                    INSERT INTO volume_exports (volume_id, auth_username, auth_secret, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (volume_id) DO UPDATE SET
                        auth_username = excluded.auth_username, auth_secret = excluded.auth_secret, created_at = excluded.created_at
                    """,
                arguments: [volumeID.key, credentials.username, try secrets.seal(credentials.password), Date().storedValue])
        }
    }

    package func deleteExportCredentials(volumeID: UUID) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM volume_exports WHERE volume_id = ?", arguments: [volumeID.key])
        }
    }

    package func exports(onHost host: String) async throws -> [UUID: ChapCredentials] {
        let sql = """
            SELECT e.volume_id, e.auth_username, e.auth_secret FROM volume_exports AS e
            JOIN volumes AS v ON v.id = e.volume_id WHERE \(onHost("v.host")) AND v.deleted = 0
            """
        return try await database.readStatement { [secrets] db in
            let rows = try db.rows(sql: sql, arguments: [host])
            var found: [UUID: ChapCredentials] = [:]
            for row in rows {
                if let id = UUID(key: row[0]) { found[id] = ChapCredentials(username: row[1], password: try secrets.open(row[2])) }
            }
            return found
        }
    }

    /// Seals the secrets of exports an older release stored in plaintext (run by `migrate`).
    func sealPlaintextSecrets() async throws {
        try await database.write { [secrets] db in
            let rows = try db.rows(sql: "SELECT volume_id, auth_secret FROM volume_exports WHERE auth_secret NOT LIKE 'sealed:%'")
            for row in rows {
                let plain: String = row[1]
                try db.execute(
                    sql: "UPDATE volume_exports SET auth_secret = ? WHERE volume_id = ?",
                    arguments: [try secrets.seal(plain), row[0] as String])
            }
        }
    }

    // MARK: Rows

    private static let attachmentColumns = """
        id, volume_id, project_id, instance_uuid, attached_host, mountpoint, attach_mode, status, connector,
        attach_time, detach_time, created_at
        """

    private static func attachment(_ row: SQLRow) throws -> Attachment {
        guard let id = UUID(key: row[0]), let volumeID = UUID(key: row[1]), let status = AttachmentStatus(rawValue: row[7])
        else { throw StoreError.corruptRow(table: "attachments", id: row[0]) }
        var attachment = Attachment(
            id: id, volumeID: volumeID, projectID: row[2], instanceID: row[3], mode: row[6],
            status: status, createdAt: Date(timeIntervalSince1970: row[11]))
        attachment.attachedHost = row[4]
        attachment.mountpoint = row[5]
        attachment.connector = row[8]
        attachment.attachedAt = Date(stored: row[9])
        attachment.detachedAt = Date(stored: row[10])
        return attachment
    }
}
