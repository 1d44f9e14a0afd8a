import EmberAMQP
import EmberBus
import EmberPostgres
import EmberSQLStore
import EmberSQLite
import EmberStore
import Foundation
import Logging
import NIOPosix
import Testing

/// Every store engine the store conformance suite runs over.
enum StoreImplementation: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The engine under every other suite's stores: `EMBER_TEST_STORE=postgres` runs them all on
    /// PostgreSQL (the README's test command does, after the run on SQLite).
    static var suite: StoreImplementation {
        ProcessInfo.processInfo.environment["EMBER_TEST_STORE"].flatMap(StoreImplementation.init(rawValue:)) ?? .sqlite
    }

    /// A fresh, migrated store, with project `p1` free of quota limits, and what holds it.
    func make(_ label: String) async throws -> (store: any Store, holder: StoreHolder) {
        let (store, holder) = try await open(label)
        try await store.migrate()
        try await store.setQuotaLimits(project: "p1", [.volumes: -1, .gigabytes: -1, .snapshots: -1])
        return (store, holder)
    }

    /// A fresh store, not yet migrated, and what holds it (its directory; its connections).
    func open(_ label: String) async throws -> (store: SQLStore, holder: StoreHolder) {
        let directory = try TemporaryDirectory(label)
        switch self {
        case .sqlite:
            let store = try await SQLStore.opened(sqlitePath: directory.path + "/ember.sqlite")
            return (store, StoreHolder(directory: directory, store: store))
        case .postgres:
            let executor = PostgresExecutor(try await PostgresTestServer.shared.freshSchema(), connections: 2)
            let store = SQLStore(database: executor, secrets: try SecretBox(keyFile: directory.path + "/secret.key"))
            return (store, StoreHolder(directory: directory, store: store))
        }
    }
}

extension SQLStore {
    /// Opens the SQLite store at `path` on NIO's thread pool: opening creates the file and its key
    /// and syncs them to disk, which took seconds while the data-path tests wrote to the same disk,
    /// and on a cooperative thread every other test waited for it.
    static func opened(sqlitePath path: String) async throws -> SQLStore {
        try await NIOThreadPool.singleton.runIfActive { try SQLStore(sqlitePath: path) }
    }
}

/// Keeps a test's store alive, and closes its connections with its last reference.
final class StoreHolder: Sendable {
    let directory: TemporaryDirectory
    let store: SQLStore

    init(directory: TemporaryDirectory, store: SQLStore) {
        self.directory = directory
        self.store = store
    }

    deinit {
        let database = store.database
        Task { try? await database.close() }
    }
}

/// Every bus implementation the bus conformance suite runs over.
enum BusImplementation: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inProcess
    case amqp

    var testDescription: String { rawValue }

    /// A fresh bus; an AMQP one on the tests' broker, under a name prefix of its own.
    func make() async throws -> any Bus {
        switch self {
        case .inProcess: InProcessBus()
        case .amqp:
            AMQPBus(
                url: try await RabbitMQTestServer.shared.url(), prefix: "test-\(UUID().uuidString.prefix(8).lowercased())",
                logger: Logger(label: "ember-test-amqp"))
        }
    }
}
