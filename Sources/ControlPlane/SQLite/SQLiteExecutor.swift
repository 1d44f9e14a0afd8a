package import EmberSQLStore
import EmberStore
package import Foundation
package import GRDB

/// The embedded engine: one SQLite file in WAL mode, through GRDB and the system's libsqlite3.
///
/// SQLite serialises writers, so a `write` transaction is the unit of every conditional update and of
/// every capacity claim; readers see a snapshot and never wait for them.
package final class SQLiteExecutor: SQLExecutor {
    package let pool: DatabasePool
    package var dialect: SQLDialect { .sqlite }
    /// How long a write waits for a lock held by another process (seconds).
    package static let lockTimeout: TimeInterval = 2

    /// Opens (creating if needed) the database at `path`. The file is made 0600 before SQLite opens it,
    /// so its `-wal` and `-shm` files, which SQLite creates with the database's mode, are private too.
    package init(path: String) throws {
        var configuration = Configuration()
        // A request waits at most this long for another process's lock, then gets a 503.
        configuration.busyMode = .timeout(Self.lockTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 {
            fchmod(fd, 0o600)
            Glibc.close(fd)
        }
        // An older release's -wal and -shm files, made with its database's mode.
        for file in [path + "-wal", path + "-shm"] { chmod(file, 0o600) }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    /// Reads go through GRDB's callback API (`asyncRead`), resumed once: its `async` API took a reader
    /// on one of GRDB's queues, came back to the cooperative pool, then hopped to the reader's queue
    /// and back again, four thread switches a read where this makes two or three.
    package func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await SQLTransactionMetrics.timed(.read) { try await Self.resumed(pool.asyncRead, body) }
    }

    /// One statement in SQLite's autocommit mode, which reads one snapshot by itself: no BEGIN and
    /// COMMIT around it (GRDB's `asyncUnsafeRead`). Reads stay on GRDB's queues: run on the calling thread
    /// they made a GET cheaper (215-299 against 410-450 us of CPU) but creates slower (404-429
    /// against 493-519/s, the pipeline waiting behind polls on the two cooperative threads).
    package func readStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await SQLTransactionMetrics.timed(.read) { try await Self.resumed(pool.asyncUnsafeRead, body) }
    }

    /// Runs `body` on the connection one of GRDB's callback reads hands over, and resumes the caller
    /// with its result.
    private static func resumed<T: Sendable>(
        _ read: (@escaping @Sendable (Result<Database, any Error>) -> Void) -> Void,
        _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            read { database in continuation.resume(with: Result { try body(GRDBConnection(database.get())) }) }
        }
    }

    package func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await SQLTransactionMetrics.timed(.write) { try await pool.write { db in try body(GRDBConnection(db)) } }
    }

    package func close() async throws {
        try pool.close()
    }
}

/// A GRDB database handle inside one of the executor's transactions.
final class GRDBConnection: SQLConnection {
    let db: Database
    var dialect: SQLDialect { .sqlite }
    var changesCount: Int { db.changesCount }

    init(_ db: Database) { self.db = db }

    /// A statement with arguments is one statement, compiled once per connection and kept (compiling
    /// an `UPDATE volumes` compiles its triggers too, and GRDB's authorizer sees every column read);
    /// a script without arguments is compiled each time.
    func execute(sql: String, arguments: SQLArguments) throws {
        if arguments.values.isEmpty {
            try db.execute(sql: sql)
        } else {
            try db.cachedStatement(sql: sql).execute(arguments: Self.bind(arguments))
        }
    }

    func rows(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = SQLColumns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: Self.bind(arguments))
        let count = Int32(columns.names.count)
        var rows: [SQLRow] = []
        // Each step's values read straight from the statement: the row's own collection pairs every
        // value with its column's name, a string made per value.
        while try cursor.next() != nil {
            rows.append(SQLRow(columns: columns, values: (0..<count).map { Self.value(DatabaseValue(sqliteStatement: statement.sqliteStatement, index: $0)) }))
        }
        return rows
    }

    private static func bind(_ arguments: SQLArguments) -> StatementArguments {
        StatementArguments(
            arguments.values.map { value -> DatabaseValue in
                switch value {
                case .null: .null
                case .integer(let number): number.databaseValue
                case .real(let number): number.databaseValue
                case .text(let text): text.databaseValue
                case .blob(let bytes): Data(bytes).databaseValue
                }
            })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .blob(Array(data))
        }
    }
}

extension DatabaseError: StoreUnavailability {
    package var unavailableReason: String? {
        switch resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: "the database is locked by another process"
        case .SQLITE_FULL: "the disk holding the database is full"
        case .SQLITE_READONLY: "the database is read-only"
        case .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_PROTOCOL, .SQLITE_NOLFS: "the database cannot be read or written"
        default: nil
        }
    }
}
