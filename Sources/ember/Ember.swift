public import ArgumentParser
import EmberPrometheus
import EmberSQLStore
import EmberSQLite
import Foundation
import Logging
import Metrics

/// The `ember` command: argument parsing and wiring only.
@main
struct Ember: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ember",
        abstract: "Ember block storage: a Cinder-compatible volume service with an io_uring data path.",
        subcommands: [Serve.self, APICommand.self, SchedulerCommand.self, VolumeCommand.self, DB.self, IO.self, TokenKeys.self])
}

struct DB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Database maintenance.", subcommands: [Migrate.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or upgrade the schema: the data dir's SQLite database, or the PostgreSQL of --database-url.")

        @Option(help: "Directory holding ember.sqlite (and secret.key, with --database-url too).")
        var dataDir = "./ember-data"

        @Option(help: "The shared PostgreSQL, postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE (or EMBER_DATABASE_URL).")
        var databaseURL: String?

        @Option(help: "File whose first line is the database password (keeps it out of the URL).")
        var databasePasswordFile: String?

        func run() async throws {
            let database = try DatabaseSettings(url: databaseURL, passwordFile: databasePasswordFile)
            let store = try await database.openStore(dataDirectory: dataDir)
            for migration in try await store.appliedMigrations() { print("applied: \(migration)") }
            try await store.database.close()
        }
    }
}

/// `HOST:PORT` from the command line or the config file.
struct ListenAddress {
    var host: String
    var port: Int
    var text: String { "\(host):\(port)" }

    init(_ text: String, option: String = "--listen") throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port), colon != text.startIndex
        else { throw ValidationError("\(option) must be HOST:PORT with a port from 0 to 65535, not '\(text)'") }
        host = String(text[..<colon])
        self.port = port
    }
}

/// Volume host names end up in bus topics and logs: keep them to a safe alphabet.
enum HostName {
    static func validate(_ name: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_@#"))
        guard !name.isEmpty, name.count <= 255, name.unicodeScalars.allSatisfy(allowed.contains), name.allSatisfy(\.isASCII) else {
            throw ValidationError("--host may hold only ASCII letters, digits and . - _ @ #")
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

enum LogSetup {
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        MetricsSystem.bootstrap(metrics)
        return Logger(label: "ember")
    }

    /// Where this process's metrics are kept, for `/metrics`.
    static let metrics = PrometheusExport()
}
