package import EmberModel
package import Foundation

/// Volume transfers: the offer, its withdrawal and its acceptance each move the volume's status in
/// the same transaction; acceptance also moves the volume's and its snapshots' project.
extension SQLStore {
    package func insertTransfer(_ transfer: VolumeTransfer) async throws {
        try await database.write { db in
            guard let volume = try Self.liveVolume(db, id: transfer.volumeID) else { throw Fault.volumeNotFound(transfer.volumeID.key) }
            guard volume.status == .available else {
                throw Fault.badRequest("Invalid volume: Status of volume must be available, but current status is: \(volume.status.rawValue).")
            }
            if !transfer.noSnapshots {
                let busy =
                    try db.value(
                        Int.self, sql: "SELECT COUNT(*) FROM snapshots WHERE volume_id = ? AND deleted = 0 AND status != 'available'",
                        arguments: [volume.id.key]) ?? 0
                guard busy == 0 else { throw Fault.badRequest("Invalid snapshot: Snapshots of volume \(volume.id.key) must be available to transfer.") }
            }
            try db.execute(
                sql: "UPDATE volumes SET status = 'awaiting-transfer', updated_at = ? WHERE id = ? AND status = 'available'",
                arguments: [Date().storedValue, volume.id.key])
            try db.execute(
                sql: """
                    INSERT INTO transfers (id, volume_id, name, source_project_id, salt, key_hash, no_snapshots, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    transfer.id.key, transfer.volumeID.key, transfer.name, transfer.sourceProjectID, transfer.salt, transfer.keyHash,
                    transfer.noSnapshots, transfer.createdAt.storedValue,
                ])
        }
    }

    package func transfer(id: UUID) async throws -> VolumeTransfer? {
        try await database.readStatement { db in try Self.liveTransfer(db, id) }
    }

    package func transfers(projectID: String?) async throws -> [VolumeTransfer] {
        try await database.readStatement { db in
            try db.rows(
                sql: "SELECT * FROM transfers WHERE deleted = 0 AND (CAST(?1 AS TEXT) IS NULL OR source_project_id = ?1) ORDER BY created_at, id",
                arguments: [projectID]
            ).map(Self.transfer)
        }
    }

    package func deleteTransfer(id: UUID) async throws -> Bool {
        try await database.write { db in
            guard let transfer = try Self.liveTransfer(db, id) else { return false }
            try db.execute(sql: "UPDATE transfers SET deleted = 1 WHERE id = ?", arguments: [id.key])
            try db.execute(
                sql: "UPDATE volumes SET status = 'available', updated_at = ? WHERE id = ? AND status = 'awaiting-transfer'",
                arguments: [Date().storedValue, transfer.volumeID.key])
            return true
        }
    }

    package func acceptTransfer(id: UUID, project: String, user: String) async throws -> VolumeTransfer? {
        try await database.write { db in
            guard var transfer = try Self.liveTransfer(db, id) else { return nil }
            guard let volume = try Self.liveVolume(db, id: transfer.volumeID), volume.status == .awaitingTransfer else {
                throw Fault.badRequest("Invalid volume: The volume of transfer \(id.key) is no longer awaiting transfer.")
            }
            let snapshots =
                transfer.noSnapshots
                ? []
                : try db.values(Int.self, sql: "SELECT size FROM snapshots WHERE volume_id = ? AND deleted = 0", arguments: [volume.id.key])
            try Self.admit(
                db, project: project, typeID: volume.volumeTypeID, volumes: 1, snapshots: snapshots.count,
                gigabytes: volume.sizeGB + snapshots.reduce(0, +), itemGB: volume.sizeGB)
            let now = Date().storedValue
            try db.execute(
                sql: "UPDATE volumes SET project_id = ?, user_id = ?, status = 'available', updated_at = ? WHERE id = ?",
                arguments: [project, user, now, volume.id.key])
            if !transfer.noSnapshots {
                try db.execute(
                    sql: "UPDATE snapshots SET project_id = ?, user_id = ?, updated_at = ? WHERE volume_id = ? AND deleted = 0",
                    arguments: [project, user, now, volume.id.key])
            }
            try db.execute(
                sql: "UPDATE transfers SET deleted = 1, accepted = 1, destination_project_id = ? WHERE id = ?", arguments: [project, id.key])
            transfer.accepted = true
            transfer.destinationProjectID = project
            return transfer
        }
    }

    private static func liveTransfer(_ db: any SQLConnection, _ id: UUID) throws -> VolumeTransfer? {
        try db.row(sql: "SELECT * FROM transfers WHERE id = ? AND deleted = 0", arguments: [id.key]).map(transfer)
    }

    private static func transfer(_ row: SQLRow) throws -> VolumeTransfer {
        guard let id = UUID(key: row["id"]), let volumeID = UUID(key: row["volume_id"]) else {
            throw StoreError.corruptRow(table: "transfers", id: row["id"])
        }
        return VolumeTransfer(
            id: id, volumeID: volumeID, name: row["name"], sourceProjectID: row["source_project_id"], salt: row["salt"],
            keyHash: row["key_hash"], noSnapshots: row["no_snapshots"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            destinationProjectID: row["destination_project_id"], accepted: row["accepted"])
    }
}
