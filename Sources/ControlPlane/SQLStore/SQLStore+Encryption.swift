package import EmberModel
package import Foundation

/// Volume type encryption, changed only while no live volume has the type (checked in the transaction).
extension SQLStore {
    package func encryption(typeID: UUID) async throws -> VolumeTypeEncryption? {
        try await database.readStatement { db in
            try db.row(sql: "SELECT * FROM volume_type_encryption WHERE volume_type_id = ?", arguments: [typeID.key]).map(Self.encryption)
        }
    }

    package func saveEncryption(_ encryption: VolumeTypeEncryption, create: Bool) async throws {
        try await database.write { db in
            try Self.refuseWhileInUse(db, encryption.volumeTypeID, create ? "create" : "update")
            let exists =
                try db.value(Int.self, sql: "SELECT COUNT(*) FROM volume_type_encryption WHERE volume_type_id = ?", arguments: [encryption.volumeTypeID.key])
                == 1
            if create, exists { throw Fault.badRequest("Volume type encryption for type \(encryption.volumeTypeID.key) already exists.") }
            if !create, !exists { throw Fault.notFound("Volume type encryption for type \(encryption.volumeTypeID.key) does not exist.") }
            try db.execute(
                sql: """
                    INSERT INTO volume_type_encryption
                        (volume_type_id, encryption_id, provider, cipher, key_size, control_location, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (volume_type_id) DO UPDATE SET
                        encryption_id = excluded.encryption_id, provider = excluded.provider, cipher = excluded.cipher,
                        key_size = excluded.key_size, control_location = excluded.control_location,
                        created_at = excluded.created_at, updated_at = excluded.updated_at
                    """,
                arguments: [
                    encryption.volumeTypeID.key, encryption.encryptionID.key, encryption.provider, encryption.cipher, encryption.keySize,
                    encryption.controlLocation.rawValue, encryption.createdAt.storedValue, encryption.updatedAt?.storedValue,
                ])
        }
    }

    package func deleteEncryption(typeID: UUID) async throws {
        try await database.write { db in
            try Self.refuseWhileInUse(db, typeID, "delete")
            try db.execute(sql: "DELETE FROM volume_type_encryption WHERE volume_type_id = ?", arguments: [typeID.key])
        }
    }

    private static func refuseWhileInUse(_ db: any SQLConnection, _ typeID: UUID, _ verb: String) throws {
        let users = try db.value(Int.self, sql: "SELECT COUNT(*) FROM volumes WHERE volume_type_id = ? AND deleted = 0", arguments: [typeID.key]) ?? 0
        guard users == 0 else { throw Fault.badRequest("Cannot \(verb) encryption specs. Volume type in use.") }
    }

    private static func encryption(_ row: SQLRow) throws -> VolumeTypeEncryption {
        guard let typeID = UUID(key: row["volume_type_id"]), let id = UUID(key: row["encryption_id"]),
            let location = VolumeTypeEncryption.ControlLocation(rawValue: row["control_location"])
        else { throw StoreError.corruptRow(table: "volume_type_encryption", id: row["volume_type_id"]) }
        return VolumeTypeEncryption(
            volumeTypeID: typeID, encryptionID: id, provider: row["provider"], cipher: row["cipher"], keySize: row["key_size"],
            controlLocation: location, createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(stored: row["updated_at"]))
    }
}
