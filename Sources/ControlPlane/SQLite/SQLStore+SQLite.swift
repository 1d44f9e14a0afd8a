import EmberModel
package import EmberSQLStore
import Foundation

extension SQLStore {
    /// Opens and migrates the embedded store in a data directory (as `ember.sqlite`, its secret key as
    /// `secret.key` beside it), creating the directory and making it and everything in it private.
    package static func openDataDirectory(_ dataDirectory: String, metadataItemLimit: Int = MetadataLimit.defaultItems) async throws -> SQLStore {
        try await open(dataDirectory: dataDirectory, metadataItemLimit: metadataItemLimit) {
            try SQLiteExecutor(path: dataDirectory + "/ember.sqlite")
        }
    }

    /// The store on the SQLite file at `path`, sealing its secrets with the `secret.key` beside it.
    package convenience init(sqlitePath path: String, metadataItemLimit: Int = MetadataLimit.defaultItems) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let secrets = try SecretBox(keyFile: (directory.isEmpty ? "." : directory) + "/secret.key")
        self.init(database: try SQLiteExecutor(path: path), secrets: secrets, metadataItemLimit: metadataItemLimit)
    }
}
