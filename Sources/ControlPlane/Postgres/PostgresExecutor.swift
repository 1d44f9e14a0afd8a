import EmberMetrics
package import EmberSQLStore
import Foundation
package import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// Distributed mode's engine: PostgreSQL through PostgresNIO, a small pool of connections shared by
/// every service of the process.
///
/// Each transaction runs on a thread of the executor's own pool, one connection per thread at most,
/// so the store's blocking calls never hold an event loop or the cooperative pool. Reads are one
/// REPEATABLE READ snapshot. Writes take turns across every process, as SQLite's writers do: each
/// holds a session advisory lock (one per schema) from before its snapshot to after its commit, so two processes
/// claiming the same capacity or quota run one after the other. They are SERIALIZABLE too, retried
/// on SQLSTATE 40001 and 40P01 (at most `maximumAttempts`, with jitter). Without the turns, 200
/// concurrent creates in one project exhausted five tries for some of them: on small tables
/// PostgreSQL's predicate locks cover whole relations, so every pair of writers collides.
package final class PostgresExecutor: SQLExecutor {
    package let configuration: PostgresURL
    package var dialect: SQLDialect { .postgres }
    /// Tries of one write transaction that collides with another.
    package static let maximumAttempts = 5
    private let threads: NIOThreadPool
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    /// Numbers the pool's connections for PostgresNIO's logs.
    private let connectionIDs = NIOLockedValueBox(0)
    private let logger: Logger

    /// A pool of `connections` (PostgreSQL's own default limit is 100 for every process together).
    package init(_ configuration: PostgresURL, connections: Int = 6, logger: Logger = Logger(label: "ember.postgres")) {
        self.configuration = configuration
        self.logger = logger
        threads = NIOThreadPool(numberOfThreads: max(1, connections))
        threads.start()
    }

    package func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await SQLTransactionMetrics.timed(.read) {
            try await run(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", turns: false, attempts: 1, body)
        }
    }

    /// One statement outside a transaction: it sees one snapshot by itself, and costs one round trip
    /// where a transaction costs three.
    package func readStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await SQLTransactionMetrics.timed(.read) { try await statement(body) }
    }

    private func statement<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await threads.runIfActive { [self] in
            let connection = try checkOut()
            do {
                let result = try body(PostgresSession(connection, logger: logger, statementLimit: 1))
                checkIn(connection)
                return result
            } catch {
                release(connection)
                throw error
            }
        }
    }

    package func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await SQLTransactionMetrics.timed(.write) {
            try await run(begin: "BEGIN ISOLATION LEVEL SERIALIZABLE", turns: true, attempts: Self.maximumAttempts, body)
        }
    }

    package func close() async throws {
        let connections = idle.withLockedValue { connections in
            defer { connections = [] }
            return connections
        }
        for connection in connections { try? await connection.close() }
        try await threads.shutdownGracefully()
    }

    private func run<T: Sendable>(
        begin: String, turns: Bool, attempts: Int, _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> T {
        try await threads.runIfActive { [self] in
            try transaction(begin: begin, turns: turns, attempts: attempts, body)
        }
    }

    /// The advisory lock writers take turns on: one per schema, so each store's writers take turns.
    static let writersTurn = "hashtext('ember.writers.' || current_schema())"

    /// One transaction on this thread, retried while it collides with another.
    private func transaction<T>(begin: String, turns: Bool, attempts: Int, _ body: (any SQLConnection) throws -> T) throws -> T {
        var attempt = 1
        while true {
            let connection = try checkOut()
            let session = PostgresSession(connection, logger: logger)
            var holdsTurn = false
            do {
                // The lock, BEGIN, a read's COMMIT and the unlock are queued on the connection without
                // waiting: the statements after them run in order, and fail if they did.
                if turns {
                    session.send(sql: "SELECT pg_advisory_lock(\(Self.writersTurn))")
                    holdsTurn = true
                }
                session.send(sql: begin)
                let result = try body(session)
                if turns { try session.execute(sql: "COMMIT", arguments: []) } else { session.send(sql: "COMMIT") }
                if holdsTurn { session.send(sql: "SELECT pg_advisory_unlock(\(Self.writersTurn))") }
                checkIn(connection)
                return result
            } catch {
                // A lost connection takes its transaction and its lock with it.
                if !connection.isClosed {
                    try? session.execute(sql: "ROLLBACK", arguments: [])
                    if holdsTurn { try? session.execute(sql: "SELECT pg_advisory_unlock(\(Self.writersTurn))", arguments: []) }
                }
                release(connection)
                guard PostgresFailure.isCollision(error), attempt < attempts else { throw error }
                attempt += 1
                EmberMetric.databaseRetries.increment()
                // Jitter, growing with the attempt, so the colliding writers spread out.
                usleep(UInt32.random(in: 1_000...(10_000 * UInt32(attempt))))
            }
        }
    }

    private func checkOut() throws -> PostgresConnection {
        // The longest idle first: statements queued without waiting (a read's COMMIT, a writer's
        // unlock) finish on it while the next transaction runs on another.
        if let connection = idle.withLockedValue({ $0.popLast() }), !connection.isClosed { return connection }
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration.connectionConfiguration,
                id: connectionIDs.withLockedValue {
                    $0 += 1
                    return $0
                }, logger: logger
            ).wait()
        } catch {
            throw PostgresFailure.unreachable(configuration.redacted, error)
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        idle.withLockedValue { $0.append(connection) }
    }

    /// Back to the pool after a failure, unless the connection was lost.
    private func release(_ connection: PostgresConnection) {
        if connection.isClosed { connection.close().whenComplete { _ in } } else { checkIn(connection) }
    }
}
