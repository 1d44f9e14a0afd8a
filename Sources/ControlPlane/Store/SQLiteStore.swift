import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode, through GRDB and the system's libsqlite3.
///
/// SQLite serialises writers, so a `write` transaction is the unit of every conditional update and
/// of every capacity claim.
public final class SQLiteStore: Store {
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    public func migrate() async throws {
        try Migrations.migrator.migrate(pool)
    }

    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    // MARK: Services

    public func registerService(_ service: ServiceRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO services (host, binary, availability_zone, disabled, heartbeat_at, created_at)
                    VALUES (?, ?, ?, 0, ?, ?)
                    ON CONFLICT (host, binary) DO UPDATE SET
                        availability_zone = excluded.availability_zone, heartbeat_at = excluded.heartbeat_at
                    """,
                arguments: [service.host, service.binary, service.availabilityZone, service.heartbeatAt ?? Date(), Date()])
        }
    }

    public func recordHeartbeat(host: String, binary: String, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE services SET heartbeat_at = ? WHERE host = ? AND binary = ?",
                arguments: [date, host, binary])
        }
    }

    public func services() async throws -> [ServiceRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM services ORDER BY binary, host").map { row in
                ServiceRecord(
                    host: row["host"], binary: row["binary"], availabilityZone: row["availability_zone"],
                    disabled: row["disabled"], heartbeatAt: row["heartbeat_at"])
            }
        }
    }

    // MARK: Volume types

    public func volumeTypes() async throws -> [VolumeType] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM volume_types ORDER BY name").map(Self.volumeType)
        }
    }

    public func volumeType(_ idOrName: String) async throws -> VolumeType? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM volume_types WHERE id = ? OR name = ?",
                arguments: [idOrName.lowercased(), idOrName]
            ).map(Self.volumeType)
        }
    }

    public func defaultVolumeType() async throws -> VolumeType {
        guard let type = try await volumeType(VolumeType.defaultName) else {
            throw Fault.notFound("Default volume type \(VolumeType.defaultName) could not be found.")
        }
        return type
    }

    // MARK: Volumes

    public func insertVolume(_ volume: Volume) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO volumes (id, project_id, user_id, name, description, size, status,
                        availability_zone, volume_type_id, host, bootable, multiattach, metadata, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    volume.id.key, volume.projectID, volume.userID, volume.name, volume.description,
                    volume.sizeGB, volume.status.rawValue, volume.availabilityZone, volume.volumeTypeID.key,
                    volume.host, volume.bootable, volume.multiattach, try JSONText.encode(volume.metadata),
                    volume.createdAt.storedValue,
                ])
        }
    }

    public func volume(id: UUID) async throws -> Volume? {
        try await pool.read { db in try Self.liveVolume(db, id: id) }
    }

    public func volumes(matching query: VolumeQuery) async throws -> [Volume] {
        var clauses = ["deleted = 0"]
        var arguments = StatementArguments()
        if let project = query.projectID { clauses.append("project_id = ?"); arguments += [project] }
        if let name = query.name { clauses.append("name = ?"); arguments += [name] }
        if let status = query.status { clauses.append("status = ?"); arguments += [status.rawValue] }
        if let host = query.host { clauses.append("host = ?"); arguments += [host] }
        let sql = "SELECT \(Self.volumeColumns) FROM volumes WHERE \(clauses.joined(separator: " AND ")) ORDER BY created_at DESC, id DESC"
        let bound = arguments
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map(Self.volume)
        }
    }

    public func updateVolume(id: UUID, _ update: VolumeUpdate) async throws -> Volume? {
        try await pool.write { db in
            guard var volume = try Self.liveVolume(db, id: id) else { return nil }
            if let name = update.name { volume.name = name }
            if let description = update.description { volume.description = description }
            if let metadata = update.metadata { volume.metadata = metadata }
            volume.updatedAt = Date()
            try db.execute(
                sql: "UPDATE volumes SET name = ?, description = ?, metadata = ?, updated_at = ? WHERE id = ?",
                arguments: [volume.name, volume.description, try JSONText.encode(volume.metadata), volume.updatedAt?.storedValue, id.key])
            return volume
        }
    }

    public func transitionVolume(id: UUID, from: Set<VolumeStatus>, to: VolumeStatus) async throws -> Bool {
        let placeholders = Array(repeating: "?", count: from.count).joined(separator: ", ")
        let now = Date().storedValue
        var arguments: StatementArguments = [to.rawValue, now, to == .deleted, to == .deleted ? now : nil, id.key]
        arguments += StatementArguments(from.map(\.rawValue).sorted())
        let sql = """
            UPDATE volumes SET status = ?, updated_at = ?, deleted = ?, deleted_at = ?
            WHERE id = ? AND deleted = 0 AND status IN (\(placeholders))
            """
        let bound = arguments
        return try await pool.write { db in
            try db.execute(sql: sql, arguments: bound)
            return db.changesCount == 1
        }
    }

    public func volumes(onHost host: String) async throws -> [Volume] {
        try await volumes(matching: VolumeQuery(projectID: nil, host: host))
    }

    public func unplacedVolumes() async throws -> [Volume] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.volumeColumns) FROM volumes WHERE deleted = 0 AND host IS NULL AND status = ? ORDER BY created_at",
                arguments: [VolumeStatus.creating.rawValue]
            ).map(Self.volume)
        }
    }

    // MARK: Capacity

    public func allocatedCapacityGB() async throws -> [String: Int] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT host, SUM(size) AS gb FROM volumes WHERE deleted = 0 AND host IS NOT NULL GROUP BY host")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["host"] as String, $0["gb"] as Int) })
        }
    }

    public func claimHost(volumeID: UUID, host: String, admits: @Sendable (Int) -> Bool) async throws -> Bool {
        try await pool.write { db in
            let allocated = try Int.fetchOne(
                db, sql: "SELECT COALESCE(SUM(size), 0) FROM volumes WHERE deleted = 0 AND host = ?",
                arguments: [host]) ?? 0
            guard admits(allocated) else { return false }
            try db.execute(
                sql: "UPDATE volumes SET host = ?, updated_at = ? WHERE id = ? AND deleted = 0 AND status = ? AND host IS NULL",
                arguments: [host, Date().storedValue, volumeID.key, VolumeStatus.creating.rawValue])
            return db.changesCount == 1
        }
    }

    // MARK: Rows

    private static func liveVolume(_ db: Database, id: UUID) throws -> Volume? {
        try Row.fetchOne(db, sql: "SELECT \(volumeColumns) FROM volumes WHERE id = ? AND deleted = 0", arguments: [id.key])
            .map(volume)
    }

    /// The columns of a volume, in the order `volume(_:)` reads them by index (faster than by name).
    private static let volumeColumns = """
        id, project_id, user_id, name, description, size, status, availability_zone, volume_type_id, host,
        bootable, multiattach, metadata, created_at, updated_at
        """

    private static func volume(_ row: Row) throws -> Volume {
        guard let id = UUID(key: row[0]), let typeID = UUID(key: row[8]),
            let status = VolumeStatus(rawValue: row[6])
        else { throw StoreError.corruptRow(table: "volumes", id: row[0]) }
        return Volume(
            id: id, projectID: row[1], userID: row[2], name: row[3], description: row[4], sizeGB: row[5],
            status: status, availabilityZone: row[7], volumeTypeID: typeID, host: row[9], bootable: row[10],
            multiattach: row[11], metadata: try JSONText.decode(row[12]),
            createdAt: Date(timeIntervalSince1970: row[13]), updatedAt: Date(stored: row[14]))
    }

    private static func volumeType(_ row: Row) throws -> VolumeType {
        guard let id = UUID(key: row["id"]) else { throw StoreError.corruptRow(table: "volume_types", id: row["id"]) }
        return VolumeType(
            id: id, name: row["name"], description: row["description"], isPublic: row["is_public"],
            extraSpecs: try JSONText.decode(row["extra_specs"]))
    }
}

/// A row the store cannot turn back into a value: a bug or a hand-edited database, never user input.
public enum StoreError: Error, CustomStringConvertible {
    case corruptRow(table: String, id: String)

    public var description: String {
        switch self {
        case .corruptRow(let table, let id): "unreadable row \(id) in \(table)"
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
