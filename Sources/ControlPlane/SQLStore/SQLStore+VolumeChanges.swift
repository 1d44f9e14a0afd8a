package import EmberModel
package import Foundation

/// Volume changes that touch more than one row or check more than a status: a cascade delete (the
/// volume with its snapshots) and a retype, each one transaction.
extension SQLStore {
    package func beginCascadeDelete(volumeID: UUID, from allowed: Set<VolumeStatus>) async throws {
        try await database.write { db in
            guard let volume = try Self.liveVolume(db, id: volumeID) else { throw Fault.volumeNotFound(volumeID.key) }
            guard allowed.contains(volume.status) else {
                let names = allowed.map(\.rawValue).sorted().joined(separator: " or ")
                throw Fault.badRequest("Invalid volume: Volume status must be \(names), but current status is: \(volume.status.rawValue).")
            }
            let statuses = try db.values(String.self, sql: "SELECT status FROM snapshots WHERE volume_id = ? AND deleted = 0", arguments: [volumeID.key])
            if let busy = statuses.first(where: { SnapshotStatus(rawValue: $0).map { !SnapshotStatus.deletable.contains($0) } ?? true }) {
                throw Fault.badRequest("Invalid volume: Snapshot of volume \(volumeID.key) is \(busy); its snapshots must be available or error.")
            }
            let copying =
                try db.value(
                    Int.self,
                    sql: """
                        SELECT COUNT(*) FROM volumes WHERE deleted = 0 AND status = 'creating' AND (source_volid = ?
                            OR snapshot_id IN (SELECT id FROM snapshots WHERE volume_id = ? AND deleted = 0))
                        """, arguments: [volumeID.key, volumeID.key]) ?? 0
            guard copying == 0 else { throw Fault.badRequest("Invalid volume: Volume \(volumeID.key) or one of its snapshots is being copied.") }
            let now = Date().storedValue
            try db.execute(
                sql: "UPDATE snapshots SET status = 'deleting', updated_at = ? WHERE volume_id = ? AND deleted = 0", arguments: [now, volumeID.key])
            try db.execute(sql: "UPDATE volumes SET status = 'deleting', updated_at = ? WHERE id = ?", arguments: [now, volumeID.key])
        }
    }

    package func retypeVolume(id: UUID, from allowed: Set<VolumeStatus>, to typeID: UUID) async throws -> Bool {
        try await database.write { db in
            let placeholders = Array(repeating: "?", count: allowed.count).joined(separator: ", ")
            var arguments: SQLArguments = [typeID.key, Date().storedValue, id.key]
            arguments += SQLArguments(allowed.map(\.rawValue).sorted())
            try db.execute(
                sql: """
                    UPDATE volumes SET volume_type_id = ?, updated_at = ?
                    WHERE id = ? AND deleted = 0 AND status IN (\(placeholders)) AND host IS NOT NULL
                    """, arguments: arguments)
            return db.changesCount == 1
        }
    }
}
