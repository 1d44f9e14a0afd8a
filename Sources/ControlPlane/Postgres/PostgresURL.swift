import Foundation
import PostgresNIO

/// Where the shared database is: Cinder's `[database] connection`,
/// `postgresql://USER:PASS@HOST:PORT/DB` (also `postgres://` and SQLAlchemy's `postgresql+psycopg2://`).
package struct PostgresURL: Sendable, Equatable {
    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    /// The schema the connections work in (PostgreSQL's `search_path`); the tests give each store its own.
    package var schema: String?

    package init(host: String, port: Int = 5432, user: String, password: String?, database: String, schema: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.schema = schema
    }

    /// Nil when `text` is not a PostgreSQL URL with a host, a user and a database.
    package init?(_ text: String) {
        guard let url = URLComponents(string: text), let scheme = url.scheme,
            ["postgresql", "postgres"].contains(scheme.split(separator: "+").first.map(String.init) ?? ""),
            let host = url.host, !host.isEmpty, let user = url.user, !user.isEmpty
        else { return nil }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { return nil }
        self.init(host: host, port: url.port ?? 5432, user: user, password: url.password, database: database)
    }

    /// The URL with its password hidden, for logs and errors.
    package var redacted: String { "postgresql://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)" }

    var connectionConfiguration: PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }
}
