import Foundation

@testable import EmberSQLStore
@testable import EmberSQLite

/// A fresh directory under the system's temporary directory for one test, removed with its last reference.
final class TemporaryDirectory: Sendable {
    let path: String

    init(_ label: String = "ember") throws {
        path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

extension SQLStore {
    /// A migrated store in a fresh temporary directory (kept alive by the returned directory), with
    /// project `p1` free of quota limits.
    static func scratch(_ label: String) async throws -> (TemporaryDirectory, SQLStore) {
        let directory = try TemporaryDirectory(label)
        let store = try SQLStore(sqlitePath: directory.path + "/ember.sqlite")
        try await store.migrate()
        try await store.setQuotaLimits(project: "p1", [.volumes: -1, .gigabytes: -1, .snapshots: -1])
        return (directory, store)
    }
}
