package import EmberModel
package import Foundation

/// Snapshots: created only while their volume is readable, deleted only while no volume is being
/// created from them; both checks run inside the transaction that writes.
extension SQLStore {
    /// The snapshot's size is its volume's, read in this transaction (an extend may have just finished).
    @discardableResult
    package func insertSnapshot(_ snapshot: Snapshot, volumeStatuses: Set<VolumeStatus>) async throws -> Snapshot {
        try MetadataLimit.check(snapshot.metadata, limit: metadataItemLimit)
        return try await database.write { db in
            var snapshot = snapshot
            guard let volume = try Self.liveVolume(db, id: snapshot.volumeID) else {
                throw Fault.volumeNotFound(snapshot.volumeID.key)
            }
            guard volumeStatuses.contains(volume.status) else {
                throw Fault.badRequest("Invalid volume: Volume \(volume.id.key) status must be available, but current status is: \(volume.status.rawValue).")
            }
            // A managed snapshot has the size of the backing store it takes; others the volume's.
            if snapshot.externalName == nil { snapshot.sizeGB = volume.sizeGB }
            try Self.admit(
                db, project: snapshot.projectID, typeID: volume.volumeTypeID, snapshots: 1, gigabytes: snapshot.sizeGB, itemGB: snapshot.sizeGB)
            try db.execute(
                sql: """
                    INSERT INTO snapshots (id, project_id, user_id, volume_id, name, description, size, status, metadata, created_at,
                        group_snapshot_id, external_name)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    snapshot.id.key, snapshot.projectID, snapshot.userID, snapshot.volumeID.key, snapshot.name,
                    snapshot.description, snapshot.sizeGB, snapshot.status.rawValue, try JSONText.encode(snapshot.metadata),
                    snapshot.createdAt.storedValue, snapshot.groupSnapshotID?.key, snapshot.externalName,
                ])
            return snapshot
        }
    }

    package func snapshot(id: UUID) async throws -> Snapshot? {
        try await database.readStatement { db in try Self.liveSnapshot(db, id: id) }
    }

    package func snapshots(matching query: SnapshotQuery) async throws -> [Snapshot] {
        var clauses = ["deleted = 0"]
        var arguments = SQLArguments()
        if let project = query.projectID {
            clauses.append("project_id = ?")
            arguments += [project]
        }
        if let volume = query.volumeID {
            clauses.append("volume_id = ?")
            arguments += [volume.key]
        }
        if let status = query.status {
            clauses.append("status = ?")
            arguments += [status.rawValue]
        }
        let sql = "SELECT \(Self.snapshotColumns) FROM snapshots WHERE \(clauses.joined(separator: " AND ")) ORDER BY created_at DESC, id DESC"
        let bound = arguments
        return try await database.readStatement { db in try db.rows(sql: sql, arguments: bound).map(Self.snapshot) }
    }

    package func updateSnapshot(id: UUID, _ update: VolumeUpdate) async throws -> Snapshot? {
        try await database.write { [metadataItemLimit] db in
            guard var snapshot = try Self.liveSnapshot(db, id: id) else { return nil }
            if let name = update.name { snapshot.name = name }
            if let description = update.description { snapshot.description = description }
            if let edit = update.metadata { snapshot.metadata = try edit.applied(to: snapshot.metadata, limit: metadataItemLimit) }
            if let progress = update.progress { snapshot.progress = progress }
            snapshot.updatedAt = Date()
            try db.execute(
                sql: "UPDATE snapshots SET name = ?, description = ?, metadata = ?, progress = ?, updated_at = ? WHERE id = ?",
                arguments: [
                    snapshot.name, snapshot.description, try JSONText.encode(snapshot.metadata), snapshot.progress,
                    snapshot.updatedAt?.storedValue, id.key,
                ])
            return snapshot
        }
    }

    package func apply(_ event: SnapshotEvent, toSnapshot id: UUID) async throws -> Bool {
        let from = SnapshotLifecycle.sources(of: event)
        let to = SnapshotLifecycle.target(of: event)
        return try await transition(
            table: "snapshots", id: id, from: from.map(\.rawValue), to: to.rawValue, deleting: to == .deleted,
            unless: to == .deleting ? Self.snapshotDependents : nil)
    }

    package func beginUnmanage(snapshotID: UUID, from: Set<SnapshotStatus>) async throws -> Bool {
        try await transition(
            table: "snapshots", id: snapshotID, from: from.map(\.rawValue), to: SnapshotStatus.deleting.rawValue, deleting: false,
            unless: Self.snapshotDependents, externalName: ExternalName.unmanaged(snapshot: snapshotID))
    }

    /// Rows that keep snapshot `snapshots.id` from being deleted: volumes still being copied from it.
    private static let snapshotDependents = """
        SELECT 1 FROM volumes WHERE volumes.snapshot_id = snapshots.id AND volumes.deleted = 0 AND volumes.status = 'creating'
        """

    package func snapshots(onHost host: String) async throws -> [Snapshot] {
        let sql = """
            SELECT \(Self.snapshotColumns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", "))
            FROM snapshots AS s JOIN volumes AS v ON v.id = s.volume_id
            WHERE s.deleted = 0 AND \(onHost("v.host")) ORDER BY s.created_at
            """
        return try await database.readStatement { db in
            try db.rows(sql: sql, arguments: [host]).map(Self.snapshot)
        }
    }

    // MARK: Rows

    static func liveSnapshot(_ db: any SQLConnection, id: UUID) throws -> Snapshot? {
        try db.row(sql: "SELECT \(snapshotColumns) FROM snapshots WHERE id = ? AND deleted = 0", arguments: [id.key])
            .map(snapshot)
    }

    /// The columns of a snapshot, in the order `snapshot(_:)` reads them.
    private static let snapshotColumns = """
        id, project_id, user_id, volume_id, name, description, size, status, metadata, created_at, updated_at, progress, group_snapshot_id,
        external_name
        """

    private static func snapshot(_ row: SQLRow) throws -> Snapshot {
        guard let id = UUID(key: row[0]), let volumeID = UUID(key: row[3]), let status = SnapshotStatus(rawValue: row[7])
        else { throw StoreError.corruptRow(table: "snapshots", id: row[0]) }
        var snapshot = Snapshot(
            id: id, projectID: row[1], userID: row[2], volumeID: volumeID, name: row[4], description: row[5],
            sizeGB: row[6], status: status, metadata: try JSONText.decode(row[8]),
            createdAt: Date(timeIntervalSince1970: row[9]), updatedAt: Date(stored: row[10]))
        snapshot.progress = row[11]
        snapshot.groupSnapshotID = (row[12] as String?).flatMap(UUID.init(key:))
        snapshot.externalName = row[13]
        return snapshot
    }
}

/// Reverting a volume to its newest snapshot (3.40).
extension SQLStore {
    package func beginRevert(volumeID: UUID, snapshotID: UUID) async throws {
        try await database.write { db in
            guard let volume = try Self.liveVolume(db, id: volumeID) else { throw Fault.volumeNotFound(volumeID.key) }
            guard let snapshot = try Self.liveSnapshot(db, id: snapshotID), snapshot.volumeID == volumeID else {
                throw Fault.notFound("Snapshot \(snapshotID.key) could not be found.")
            }
            guard VolumeLifecycle.next(from: volume.status, on: .revertRequested) != nil,
                SnapshotLifecycle.next(from: snapshot.status, on: .restoreRequested) != nil
            else {
                throw Fault.badRequest(
                    "Invalid volume: The volume and the snapshot must be available to revert, but they are \(volume.status.rawValue) and \(snapshot.status.rawValue)."
                )
            }
            guard volume.sizeGB == snapshot.sizeGB else {
                throw Fault.badRequest(
                    "Invalid volume: Volume \(volumeID.key) is \(volume.sizeGB) GiB and snapshot \(snapshotID.key) is \(snapshot.sizeGB) GiB; a revert needs equal sizes."
                )
            }
            let newest = try db.value(
                String.self, sql: "SELECT id FROM snapshots WHERE volume_id = ? AND deleted = 0 ORDER BY created_at DESC, id DESC LIMIT 1",
                arguments: [volumeID.key])
            guard newest == snapshotID.key else {
                throw Fault.badRequest("Invalid snapshot: Snapshot \(snapshotID.key) is not the latest one of volume \(volumeID.key).")
            }
            let now = Date().storedValue
            try db.execute(
                sql: "UPDATE volumes SET status = ?, updated_at = ? WHERE id = ?",
                arguments: [VolumeLifecycle.target(of: .revertRequested).rawValue, now, volumeID.key])
            try db.execute(
                sql: "UPDATE snapshots SET status = ?, updated_at = ? WHERE id = ?",
                arguments: [SnapshotLifecycle.target(of: .restoreRequested).rawValue, now, snapshotID.key])
        }
    }

    package func finishRevert(volumeID: UUID, snapshotID: UUID, succeeded: Bool) async throws -> Bool {
        try await database.write { db in
            let now = Date().storedValue
            let outcome: VolumeEvent = succeeded ? .revertSucceeded : .revertFailed
            let to = VolumeLifecycle.target(of: outcome).rawValue
            try db.execute(
                sql: "UPDATE volumes SET status = ?, updated_at = ? WHERE id = ? AND deleted = 0 AND status = ?",
                arguments: [to, now, volumeID.key, VolumeStatus.reverting.rawValue])
            let changed = db.changesCount == 1
            if changed { try Self.settleWork(db, .volume, volumeID, status: to) }
            try db.execute(
                sql: "UPDATE snapshots SET status = ?, updated_at = ? WHERE id = ? AND deleted = 0 AND status = ?",
                arguments: [SnapshotLifecycle.target(of: .restoreFinished).rawValue, now, snapshotID.key, SnapshotStatus.restoring.rawValue])
            return changed
        }
    }
}
