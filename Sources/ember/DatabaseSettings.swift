import ArgumentParser
import EmberModel
import EmberPostgres
import EmberSQLStore
import EmberSQLite
import Foundation

/// Where the store lives: the data dir's SQLite file, or the PostgreSQL every process of a
/// distributed deployment shares (Cinder's `[database] connection`). The URL comes from
/// `--database-url`, the config file's `database-url` or `EMBER_DATABASE_URL`; its password may instead
/// come from `--database-password-file`, so it stays out of the process table and the config file.
struct DatabaseSettings {
    static let environmentKey = "EMBER_DATABASE_URL"
    var url: PostgresURL?

    /// The data dir's SQLite file.
    static let embedded = DatabaseSettings(url: nil)

    private init(url: PostgresURL?) { self.url = url }

    init(url text: String?, passwordFile: String?) throws {
        guard let text = text ?? ProcessInfo.processInfo.environment[Self.environmentKey], !text.isEmpty else {
            if passwordFile != nil { throw ValidationError("--database-password-file needs --database-url") }
            return
        }
        guard var url = PostgresURL(text) else {
            throw ValidationError("--database-url must be postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        if let passwordFile {
            guard let line = try? String(contentsOfFile: passwordFile, encoding: .utf8).split(separator: "\n").first, !line.isEmpty else {
                throw ValidationError("--database-password-file \(passwordFile) cannot be read or is empty")
            }
            url.password = String(line)
        }
        self.url = url
    }

    /// Opens and migrates the store. Its sealing key is the data dir's `secret.key` either way: every
    /// process sharing a PostgreSQL database needs a copy of the same one.
    func openStore(dataDirectory: String, metadataItemLimit: Int = MetadataLimit.defaultItems) async throws -> SQLStore {
        guard let url else { return try await SQLStore.openDataDirectory(dataDirectory, metadataItemLimit: metadataItemLimit) }
        return try await SQLStore.open(dataDirectory: dataDirectory, metadataItemLimit: metadataItemLimit) { PostgresExecutor(url) }
    }

    /// What the logs may say of it.
    var description: String { url?.redacted ?? "SQLite in the data dir" }
}
