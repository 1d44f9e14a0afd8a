import EmberMetrics

/// The values bound to one statement's placeholders, in order: `[volume.id.key, nil, 3]`.
package struct SQLArguments: Sendable, ExpressibleByArrayLiteral {
    package var values: [SQLValue]

    package init(arrayLiteral elements: (any SQLValueConvertible)?...) {
        values = elements.map { $0?.sqlValue ?? .null }
    }

    package init(_ elements: some Sequence<some SQLValueConvertible>) {
        values = elements.map(\.sqlValue)
    }

    package static func += (lhs: inout SQLArguments, rhs: SQLArguments) {
        lhs.values += rhs.values
    }
}

/// One database connection inside a transaction, as the store's SQL sees it: the seam between the
/// store (its SQL written once) and the engines below (SQLite through GRDB, PostgreSQL through
/// PostgresNIO).
///
/// Its calls block: the executor runs the transaction's closure on a thread of its own, never on the
/// cooperative pool or an event loop. SQL uses `?` or `?N` placeholders and SQLite's spelling, which
/// PostgreSQL's connection renumbers.
package protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs one statement (or, without arguments, several separated by `;`).
    func execute(sql: String, arguments: SQLArguments) throws
    /// The rows the last `execute` inserted, updated or deleted.
    var changesCount: Int { get }
    func rows(sql: String, arguments: SQLArguments) throws -> [SQLRow]
}

extension SQLConnection {
    package func execute(sql: String) throws {
        try execute(sql: sql, arguments: [])
    }

    /// Runs schema statements written in SQLite's types, translated for this connection's engine.
    package func execute(schema: String) throws {
        try execute(sql: dialect.schema(schema), arguments: [])
    }

    package func rows(sql: String) throws -> [SQLRow] {
        try rows(sql: sql, arguments: [])
    }

    package func row(sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try rows(sql: sql, arguments: arguments).first
    }

    /// The first column of the first row, or nil when there is no row or it holds NULL.
    package func value<Value: SQLValueConvertible>(_ type: Value.Type, sql: String, arguments: SQLArguments = []) throws -> Value? {
        guard let row = try row(sql: sql, arguments: arguments) else { return nil }
        return row[0] as Value?
    }

    /// The first column of every row.
    package func values<Value: SQLValueConvertible>(_ type: Value.Type, sql: String, arguments: SQLArguments = []) throws -> [Value] {
        try rows(sql: sql, arguments: arguments).map { $0[0] as Value }
    }
}

/// Runs the store's transactions on one engine: the store's only view of its database.
package protocol SQLExecutor: Sendable {
    var dialect: SQLDialect { get }
    /// A read-only transaction; its reads see one snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// A read of exactly one statement, which sees one snapshot by itself, so an engine may run it
    /// outside a transaction (PostgreSQL saves BEGIN's and COMMIT's round trips). A second statement in
    /// `body` fails there.
    func readStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// A read-write transaction, all or nothing; concurrent ones behave as if run one after another
    /// (SQLite serialises writers; PostgreSQL's are SERIALIZABLE and retried when they collide).
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// Ends the executor's connections.
    func close() async throws
}

extension SQLExecutor {
    /// Engines whose transactions cost no round trip run a one-statement read as any other.
    package func readStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await read(body)
    }
}

/// What each executor records of its transactions: `ember_database_transaction_duration_seconds`.
package enum SQLTransactionMetrics {
    package enum Kind: String {
        case read, write
    }

    /// Runs `body`, timing it under `kind` whatever its outcome.
    package static func timed<T>(_ kind: Kind, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer { EmberMetric.databaseTransactionDuration.record(ContinuousClock.now - start, kind.rawValue) }
        return try await body()
    }
}
