import EmberPostgres
import Foundation

@testable import EmberSQLStore

/// The PostgreSQL the tests run against: `EMBER_TEST_DATABASE_URL` when set, otherwise a throw-away
/// server started once per test process by the project's `scripts/postgres.sh` on loopback, which
/// stops itself when this process ends. Each store gets a schema of its own.
actor PostgresTestServer {
    static let shared = PostgresTestServer()
    /// Started once: every caller awaits the same start.
    private var base: Task<PostgresURL, any Error>?
    private var schemas = 0
    /// The connection that makes the schemas, kept for the whole run.
    private var admin: PostgresExecutor?

    /// A URL whose connections work in a new, empty schema.
    func freshSchema() async throws -> PostgresURL {
        if base == nil { base = Task { try await Self.start() } }
        let base = try await base!.value
        schemas += 1
        var url = base
        url.schema = "test_\(getpid())_\(schemas)"
        let admin = admin ?? PostgresExecutor(base, connections: 1)
        self.admin = admin
        try await admin.write { [url] db in try db.execute(sql: "CREATE SCHEMA \(url.schema!)") }
        return url
    }

    private static func start() async throws -> PostgresURL {
        if let text = ProcessInfo.processInfo.environment["EMBER_TEST_DATABASE_URL"] {
            guard let url = PostgresURL(text) else { throw TestServerError("EMBER_TEST_DATABASE_URL is not a PostgreSQL URL") }
            return url
        }
        let port = 25_000 + Int(getpid() % 5_000)
        let process = try ScriptServer.launch(
            "postgres.sh", ["/var/tmp/ember-test-pg-\(getpid())", String(port)], environment: ["EMBER_PG_MAX_CONNECTIONS": "400"])
        let url = PostgresURL(host: "127.0.0.1", port: port, user: "ember", password: "ember-test", database: "ember")
        let probe = PostgresExecutor(url, connections: 1)
        defer { Task { try? await probe.close() } }
        try await ScriptServer.wait(for: process, "PostgreSQL on 127.0.0.1:\(port)", seconds: 30) {
            (try? await probe.read { db in try db.value(Int.self, sql: "SELECT 1") }) == 1
        }
        return url
    }
}

/// The project's server scripts (scripts/postgres.sh, scripts/rabbitmq.sh), started for the tests so
/// that they stop, and remove their directory, once this process has ended however it ends.
enum ScriptServer {
    /// The checkout this file is in.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func launch(_ script: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repository + "/scripts/" + script] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["EMBER_STOP_WITH_PID": String(getpid())]) { $1 }) { $1 }
        // Not this process's output: `swift test` reads it to its end, which a server outliving us would hold open.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Polls `ready` every 100 ms until it holds, the script has exited, or `seconds` have passed.
    static func wait(for process: Process, _ what: String, seconds: Int, ready: () async -> Bool) async throws {
        for _ in 0..<(seconds * 10) {
            if await ready() { return }
            guard process.isRunning else { throw TestServerError("\(what) exited with \(process.terminationStatus)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestServerError("\(what) did not start in \(seconds) s")
    }
}

struct TestServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
