package import EmberModel
package import EmberStore
package import Foundation

/// The store, its SQL written once over an executor: SQLite through GRDB for the embedded default,
/// PostgreSQL through PostgresNIO for distributed mode.
///
/// Every status change is one conditional `UPDATE`, and every capacity or quota check runs in the
/// same write transaction as the row it admits, so two writers never both win.
package final class SQLStore: Store {
    package let database: any SQLExecutor
    /// Metadata items one volume or snapshot may hold, checked in the transaction that writes them.
    package let metadataItemLimit: Int
    /// Seals the CHAP secrets.
    let secrets: SecretBox

    package init(database: any SQLExecutor, secrets: SecretBox, metadataItemLimit: Int = MetadataLimit.defaultItems) {
        self.database = database
        self.secrets = secrets
        self.metadataItemLimit = metadataItemLimit
    }

    /// Applies the schema's migrations, then seals any CHAP secret an older release stored in plaintext.
    package func migrate() async throws {
        try await Migrations.migrator.migrate(database)
        try await sealPlaintextSecrets()
    }

    package func appliedMigrations() async throws -> [String] {
        try await Migrations.migrator.appliedMigrations(database)
    }

    // MARK: Services

    package func registerService(_ service: ServiceRecord) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO services (host, "binary", availability_zone, disabled, heartbeat_at, created_at)
                    VALUES (?, ?, ?, 0, COALESCE(?, \(db.dialect.now)), \(db.dialect.now))
                    ON CONFLICT (host, "binary") DO UPDATE SET
                        availability_zone = excluded.availability_zone, heartbeat_at = excluded.heartbeat_at
                    """,
                arguments: [service.host, service.binary, service.availabilityZone, service.heartbeatAt])
        }
    }

    package func recordHeartbeat(host: String, binary: String) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE services SET heartbeat_at = \(db.dialect.now) WHERE host = ? AND \"binary\" = ?",
                arguments: [host, binary])
        }
    }

    package func services() async throws -> [ServiceRecord] {
        try await database.readStatement { db in try Self.services(db) }
    }

    private static func services(_ db: any SQLConnection) throws -> [ServiceRecord] {
        try db.rows(sql: "SELECT *, \(db.dialect.now) AS database_now FROM services ORDER BY \"binary\", host").map { row in
            var record = ServiceRecord(
                host: row["host"], binary: row["binary"], availabilityZone: row["availability_zone"],
                disabled: row["disabled"], disabledReason: row["disabled_reason"], frozen: row["frozen"],
                heartbeatAt: row["heartbeat_at"])
            record.id = row["id"]
            let now: Date? = row["database_now"]
            record.heartbeatAge = record.heartbeatAt.flatMap { beat in now.map { $0.timeIntervalSince(beat) } }
            return record
        }
    }

    package func setService(host: String, binary: String, disabled: Bool, reason: String?) async throws -> ServiceRecord? {
        let changed = try await database.write { db in
            try db.execute(
                sql: "UPDATE services SET disabled = ?, disabled_reason = ? WHERE host = ? AND \"binary\" = ?",
                arguments: [disabled, disabled ? reason : nil, host, binary])
            return db.changesCount == 1
        }
        guard changed else { return nil }
        return try await services().first { $0.host == host && $0.binary == binary }
    }

    package func setFrozen(host: String, _ frozen: Bool) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE services SET frozen = ? WHERE host = ? AND \"binary\" = ?", arguments: [frozen, host, ServiceRecord.Binary.volume])
            return db.changesCount == 1
        }
    }

    // MARK: Volumes

    @discardableResult
    package func insertVolume(_ volume: Volume, sizeGiven: Bool = true) async throws -> Volume {
        try MetadataLimit.check(volume.metadata, limit: metadataItemLimit)
        return try await database.write { db in
            var volume = volume
            volume.sizeGB = try Self.checkSource(db, of: volume, sizeGiven: sizeGiven)
            if let group = volume.groupID { try Self.checkGroup(db, group, admits: volume) }
            try Self.admit(db, project: volume.projectID, typeID: volume.volumeTypeID, volumes: 1, gigabytes: volume.sizeGB, itemGB: volume.sizeGB)
            try db.execute(
                sql: """
                    INSERT INTO volumes (id, project_id, user_id, name, description, size, status,
                        availability_zone, volume_type_id, host, bootable, multiattach, metadata, created_at,
                        readonly, snapshot_id, source_volid, group_id, encryption_key_id, external_name)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    volume.id.key, volume.projectID, volume.userID, volume.name, volume.description,
                    volume.sizeGB, volume.status.rawValue, volume.availabilityZone, volume.volumeTypeID.key,
                    volume.host, volume.bootable, volume.multiattach, try JSONText.encode(volume.metadata),
                    volume.createdAt.storedValue, volume.readonly, volume.snapshotID?.key, volume.sourceVolumeID?.key, volume.groupID?.key,
                    volume.encryptionKeyID?.key, volume.externalName,
                ])
            return volume
        }
    }

    /// The snapshot or volume a new volume copies must be live and readable at the moment of the insert,
    /// and no larger than the new volume. Returns the new volume's size: the source's, read in this
    /// transaction, when none was given, so an extend racing the create cannot leave the copy too small.
    private static func checkSource(_ db: any SQLConnection, of volume: Volume, sizeGiven: Bool) throws -> Int {
        var minimum: (size: Int, what: String)?
        if let id = volume.snapshotID {
            guard let snapshot = try liveSnapshot(db, id: id) else { throw Fault.notFound("Snapshot \(id.key) could not be found.") }
            guard SnapshotStatus.readable.contains(snapshot.status) else {
                throw Fault.badRequest(
                    "Invalid snapshot: Originating snapshot status must be one of 'available' values, but current status is: \(snapshot.status.rawValue).")
            }
            minimum = (snapshot.sizeGB, "the snapshot size")
        }
        if let id = volume.sourceVolumeID {
            guard let source = try liveVolume(db, id: id) else { throw Fault.volumeNotFound(id.key) }
            guard VolumeLifecycle.readable.contains(source.status) else {
                throw Fault.badRequest("Invalid volume: Source volume status must be available, but current status is: \(source.status.rawValue).")
            }
            minimum = (source.sizeGB, "original volume size")
        }
        guard let minimum else { return volume.sizeGB }
        if !sizeGiven { return max(volume.sizeGB, minimum.size) }
        guard volume.sizeGB >= minimum.size else {
            throw Fault.invalidInput(
                "Volume size '\(volume.sizeGB)'GB cannot be smaller than \(minimum.what) \(minimum.size)GB. They must be >= \(minimum.what).")
        }
        return volume.sizeGB
    }

    package func volume(id: UUID) async throws -> Volume? {
        try await database.readStatement { db in try Self.liveVolume(db, id: id) }
    }

    package func volumeDetail(id: UUID, attachmentsOf projectID: String?) async throws -> VolumeDetail? {
        try await database.read { db in
            guard let volume = try Self.liveVolume(db, id: id) else { return nil }
            let typeName = try db.value(
                String.self, sql: "SELECT name FROM volume_types WHERE id = ? AND deleted = 0", arguments: [volume.volumeTypeID.key])
            return VolumeDetail(volume: volume, typeName: typeName, attachments: try Self.attachments(db, projectID: projectID, volumeID: id))
        }
    }

    package func volumes(matching query: VolumeQuery) async throws -> [Volume] {
        let (condition, arguments) = condition(query)
        let select = "SELECT \(Self.volumeColumns) FROM volumes WHERE \(condition)"
        let order = " ORDER BY created_at DESC, id DESC"
        guard let page = query.page else {
            let sql = select + order
            return try await database.readStatement { db in try db.rows(sql: sql, arguments: arguments).map(Self.volume) }
        }
        return try await database.read { db in
            var sql = select
            var bound = arguments
            if let marker = page.marker {
                // The marker must be one of the matches (as when Cinder finds it), then the page starts after it.
                var markerArguments: SQLArguments = [marker.lowercased()]
                markerArguments += arguments
                guard let row = try db.row(sql: "SELECT created_at, id FROM volumes WHERE id = ? AND \(condition)", arguments: markerArguments)
                else { throw Fault.markerNotFound(marker) }
                let createdAt: Double = row[0]
                let id: String = row[1]
                sql += " AND (created_at < ? OR (created_at = ? AND id < ?))"
                bound += [createdAt, createdAt, id]
            }
            sql += order + " LIMIT ? OFFSET ?"
            bound += [page.limit, page.offset]
            return try db.rows(sql: sql, arguments: bound).map(Self.volume)
        }
    }

    package func countVolumes(matching query: VolumeQuery) async throws -> Int {
        let (condition, arguments) = condition(query)
        return try await database.readStatement { db in
            try db.row(sql: "SELECT count(*) FROM volumes WHERE \(condition)", arguments: arguments).map { $0[0] } ?? 0
        }
    }

    /// The WHERE clause of a volume query (live volumes only), and its arguments.
    private func condition(_ query: VolumeQuery) -> (String, SQLArguments) {
        var clauses = ["deleted = 0"]
        var arguments = SQLArguments()
        if let project = query.projectID {
            clauses.append("project_id = ?")
            arguments += [project]
        }
        if let name = query.name {
            clauses.append("name = ?")
            arguments += [name]
        }
        if let status = query.status {
            clauses.append("status = ?")
            arguments += [status.rawValue]
        }
        if let host = query.host {
            clauses.append(onHost("host"))
            arguments += [host]
        }
        return (clauses.joined(separator: " AND "), arguments)
    }

    package func updateVolume(id: UUID, _ update: VolumeUpdate) async throws -> Volume? {
        try await database.write { [metadataItemLimit] db in
            guard var volume = try Self.liveVolume(db, id: id) else { return nil }
            if let name = update.name { volume.name = name }
            if let description = update.description { volume.description = description }
            try MetadataTag.check(update.expectedMetadataTag, against: volume.metadata)
            if let edit = update.metadata { volume.metadata = try edit.applied(to: volume.metadata, limit: metadataItemLimit) }
            if let bootable = update.bootable { volume.bootable = bootable }
            if let readonly = update.readonly { volume.readonly = readonly }
            volume.updatedAt = Date()
            try db.execute(
                sql: "UPDATE volumes SET name = ?, description = ?, metadata = ?, bootable = ?, readonly = ?, updated_at = ? WHERE id = ?",
                arguments: [
                    volume.name, volume.description, try JSONText.encode(volume.metadata), volume.bootable,
                    volume.readonly, volume.updatedAt?.storedValue, id.key,
                ])
            return volume
        }
    }

    package func apply(_ event: VolumeEvent, toVolume id: UUID, recording work: WorkerRecord?) async throws -> Bool {
        let from = VolumeLifecycle.sources(of: event)
        let to = VolumeLifecycle.target(of: event)
        return try await transition(
            table: "volumes", id: id, from: from.map(\.rawValue), to: to.rawValue, deleting: to == .deleted,
            unless: to == .deleting ? Self.volumeDependents : nil, recording: work)
    }

    /// The conditional update behind every status change: `table`'s live row `id` moves to `to` only if
    /// its status is one of `from` and the `unless` query finds no row. `deleting` soft-deletes it too.
    /// An `externalName` is recorded in the same update (an unmanage's), and `work` in the same transaction.
    func transition(
        table: String, id: UUID, from: [String], to: String, deleting: Bool, unless: String?, externalName: String? = nil,
        recording work: WorkerRecord? = nil
    ) async throws -> Bool {
        let placeholders = Array(repeating: "?", count: from.count).joined(separator: ", ")
        let now = Date().storedValue
        var arguments: SQLArguments = [to, now, deleting, deleting ? now : nil, externalName, id.key]
        arguments += SQLArguments(from.sorted())
        let sql = """
            UPDATE \(table) SET status = ?, updated_at = ?, deleted = ?, deleted_at = ?, external_name = COALESCE(?, external_name)
            WHERE id = ? AND deleted = 0 AND status IN (\(placeholders))
            \(unless.map { "AND NOT EXISTS (\($0))" } ?? "")
            """
        let bound = arguments
        return try await database.write { db in
            try db.execute(sql: sql, arguments: bound)
            let moved = db.changesCount == 1
            if moved, deleting, table == "volumes" { try Self.forgetAttachments(db, volumeID: id) }
            if moved { try Self.settleWork(db, table == "volumes" ? .volume : .snapshot, id, status: to) }
            if moved, let work { try Self.recordWork(db, work) }
            return moved
        }
    }

    /// A resource that has moved to `status` owes no work recorded for another status: its worker
    /// record goes in the same transaction as the move that ends the work.
    static func settleWork(_ db: any SQLConnection, _ type: WorkerRecord.ResourceType, _ id: UUID, status: String) throws {
        try db.execute(
            sql: "DELETE FROM workers WHERE resource_type = ? AND resource_id = ? AND status <> ?", arguments: [type.rawValue, id.key, status])
    }

    /// A deleted volume keeps no attachment and no export account (a force delete of an attached
    /// volume once left both behind, and the attachment could then never be deleted).
    private static func forgetAttachments(_ db: any SQLConnection, volumeID: UUID) throws {
        try db.execute(
            sql: "UPDATE attachments SET deleted = 1, status = 'detached', detach_time = ? WHERE volume_id = ? AND deleted = 0",
            arguments: [Date().storedValue, volumeID.key])
        try db.execute(sql: "DELETE FROM volume_exports WHERE volume_id = ?", arguments: [volumeID.key])
    }

    package func beginUnmanage(volumeID: UUID, from: Set<VolumeStatus>) async throws -> Bool {
        try await transition(
            table: "volumes", id: volumeID, from: from.map(\.rawValue), to: VolumeStatus.deleting.rawValue, deleting: false,
            unless: Self.volumeDependents, externalName: ExternalName.unmanaged(volume: volumeID))
    }

    /// Rows that keep volume `volumes.id` from being deleted.
    private static let volumeDependents = """
        SELECT 1 FROM snapshots WHERE snapshots.volume_id = volumes.id AND snapshots.deleted = 0
        UNION ALL SELECT 1 FROM volumes AS clone
            WHERE clone.source_volid = volumes.id AND clone.deleted = 0 AND clone.status = 'creating'
        """

    package func dependents(ofVolume id: UUID) async throws -> (snapshots: Int, creatingClones: Int) {
        try await database.read { db in
            let snapshots =
                try db.value(Int.self, sql: "SELECT COUNT(*) FROM snapshots WHERE volume_id = ? AND deleted = 0", arguments: [id.key]) ?? 0
            let clones =
                try db.value(
                    Int.self, sql: "SELECT COUNT(*) FROM volumes WHERE source_volid = ? AND deleted = 0 AND status = 'creating'",
                    arguments: [id.key]) ?? 0
            return (snapshots, clones)
        }
    }

    package func beginExtend(id: UUID, toSizeGB size: Int) async throws -> Bool {
        try await database.write { db in
            guard let volume = try Self.liveVolume(db, id: id), volume.status == .available else { return false }
            try Self.admit(db, project: volume.projectID, typeID: volume.volumeTypeID, gigabytes: size - volume.sizeGB, itemGB: size)
            try db.execute(
                sql: "UPDATE volumes SET status = ?, extend_size = ?, updated_at = ? WHERE id = ? AND status = ?",
                arguments: [VolumeStatus.extending.rawValue, size, Date().storedValue, id.key, VolumeStatus.available.rawValue])
            return db.changesCount == 1
        }
    }

    package func finishExtend(id: UUID, _ event: VolumeEvent) async throws -> Bool {
        let size = event == .extendSucceeded ? "COALESCE(extend_size, size)" : "size"
        let to = VolumeLifecycle.target(of: event).rawValue
        return try await database.write { db in
            try db.execute(
                sql: "UPDATE volumes SET status = ?, size = \(size), extend_size = NULL, updated_at = ? WHERE id = ? AND deleted = 0 AND status = ?",
                arguments: [to, Date().storedValue, id.key, VolumeStatus.extending.rawValue])
            guard db.changesCount == 1 else { return false }
            try Self.settleWork(db, .volume, id, status: to)
            return true
        }
    }

    package func volumes(onHost host: String) async throws -> [Volume] {
        try await volumes(matching: VolumeQuery(projectID: nil, host: host))
    }

    package func unplacedVolumes() async throws -> [Volume] {
        try await database.readStatement { db in
            try db.rows(
                sql: "SELECT \(Self.volumeColumns) FROM volumes WHERE deleted = 0 AND host IS NULL AND status = ? ORDER BY created_at",
                arguments: [VolumeStatus.creating.rawValue]
            ).map(Self.volume)
        }
    }

    // MARK: Capacity

    package func allocatedCapacityGB() async throws -> [String: Int] {
        try await database.readStatement { db in try Self.allocatedCapacityGB(db) }
    }

    package func placementInputs() async throws -> (services: [ServiceRecord], allocatedGB: [String: Int]) {
        try await database.read { db in (try Self.services(db), try Self.allocatedCapacityGB(db)) }
    }

    private static func allocatedCapacityGB(_ db: any SQLConnection) throws -> [String: Int] {
        let rows = try db.rows(sql: "SELECT host, allocated_gb FROM host_allocations WHERE allocated_gb <> 0")
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["host"] as String, $0["allocated_gb"] as Int) })
    }

    package func claimHost(volumeID: UUID, host: String, admits: @escaping @Sendable (Int) -> Bool) async throws -> Bool {
        try await database.write { db in
            let allocated =
                try db.value(Int.self, sql: "SELECT allocated_gb FROM host_allocations WHERE host = ?", arguments: [host]) ?? 0
            guard admits(allocated) else { return false }
            try db.execute(
                sql: "UPDATE volumes SET host = ?, updated_at = ? WHERE id = ? AND deleted = 0 AND status = ? AND host IS NULL",
                arguments: [host, Date().storedValue, volumeID.key, VolumeStatus.creating.rawValue])
            guard db.changesCount == 1 else { return false }
            try Self.recordWork(db, .volume(volumeID, .creating, host: host))
            return true
        }
    }

    package func releaseHost(volumeID: UUID, host: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE volumes SET host = NULL, updated_at = ? WHERE id = ? AND deleted = 0 AND status = ? AND host = ?",
                arguments: [Date().storedValue, volumeID.key, VolumeStatus.creating.rawValue, host])
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql: "DELETE FROM workers WHERE resource_type = ? AND resource_id = ?",
                arguments: [WorkerRecord.ResourceType.volume.rawValue, volumeID.key])
            return true
        }
    }

    /// The `host@backend` part of a volume's `host` column (`host@backend#pool`), compared with one
    /// bound value: `VolumeHost.name(_:isOn:)` in SQL.
    func onHost(_ column: String) -> String {
        let position = database.dialect.position(of: "'#'", in: column)
        return "(CASE WHEN \(position) > 0 THEN substr(\(column), 1, \(position) - 1) ELSE \(column) END) = ?"
    }

    // MARK: Rows

    static func liveVolume(_ db: any SQLConnection, id: UUID) throws -> Volume? {
        try db.row(sql: "SELECT \(volumeColumns) FROM volumes WHERE id = ? AND deleted = 0", arguments: [id.key])
            .map(volume)
    }

    /// The columns of a volume, in the order `volume(_:)` reads them by index (faster than by name).
    private static let volumeColumns = """
        id, project_id, user_id, name, description, size, status, availability_zone, volume_type_id, host,
        bootable, multiattach, metadata, created_at, updated_at, readonly, snapshot_id, source_volid, extend_size, group_id,
        encryption_key_id, external_name
        """

    private static func volume(_ row: SQLRow) throws -> Volume {
        guard let id = UUID(key: row[0]), let typeID = UUID(key: row[8]),
            let status = VolumeStatus(rawValue: row[6])
        else { throw StoreError.corruptRow(table: "volumes", id: row[0]) }
        var volume = Volume(
            id: id, projectID: row[1], userID: row[2], name: row[3], description: row[4], sizeGB: row[5],
            status: status, availabilityZone: row[7], volumeTypeID: typeID, host: row[9], bootable: row[10],
            multiattach: row[11], metadata: try JSONText.decode(row[12]), readonly: row[15],
            snapshotID: (row[16] as String?).flatMap(UUID.init(key:)), sourceVolumeID: (row[17] as String?).flatMap(UUID.init(key:)), extendSizeGB: row[18],
            createdAt: Date(timeIntervalSince1970: row[13]), updatedAt: Date(stored: row[14]))
        volume.groupID = (row[19] as String?).flatMap(UUID.init(key:))
        volume.encryptionKeyID = (row[20] as String?).flatMap(UUID.init(key:))
        volume.externalName = row[21]
        return volume
    }
}

/// A row the store cannot turn back into a value: a bug or a hand-edited database, never user input.
package enum StoreError: Error, CustomStringConvertible {
    case corruptRow(table: String, id: String)
    /// The data dir or a key in it cannot be used (permissions, a damaged key file).
    case unusable(String)
    /// A sealed secret did not open: the database was copied without its key, or the key changed.
    case sealedSecretUnreadable

    package var description: String {
        switch self {
        case .corruptRow(let table, let id): "unreadable row \(id) in \(table)"
        case .unusable(let reason): reason
        case .sealedSecretUnreadable: "a sealed secret in the database does not open with this data dir's secret key"
        }
    }
}

/// String-to-string maps (metadata, extra specs) stored as JSON text.
enum JSONText {
    static func encode(_ map: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(map), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> [String: String] {
        if text == "{}" { return [:] }  // the common case, and listings decode one per row
        return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}

/// Volume timestamps are stored as seconds since 1970 (REAL): exact to the microsecond, and read
/// without parsing text.
extension Date {
    var storedValue: Double { timeIntervalSince1970 }
    init?(stored value: Double?) {
        guard let value else { return nil }
        self.init(timeIntervalSince1970: value)
    }
}

extension SQLStore {
    /// Opens and migrates a store whose secrets are sealed with the data directory's `secret.key`,
    /// creating the directory and making it and everything in it private first. `engine` is made once
    /// the directory exists (SQLite's file lives in it).
    package static func open(
        dataDirectory: String, metadataItemLimit: Int = MetadataLimit.defaultItems, engine: () throws -> any SQLExecutor
    ) async throws -> SQLStore {
        try PrivateFiles.secure(directory: dataDirectory)
        let store = SQLStore(
            database: try engine(), secrets: try SecretBox(keyFile: dataDirectory + "/secret.key"), metadataItemLimit: metadataItemLimit)
        try await store.migrate()
        return store
    }
}
