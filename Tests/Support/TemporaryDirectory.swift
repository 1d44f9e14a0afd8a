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
    /// A migrated store in a fresh temporary directory (kept alive by the returned holder), with
    /// project `p1` free of quota limits.
    /// The store is on the suite's engine (`StoreImplementation.suite`).
    static func scratch(_ label: String) async throws -> (StoreHolder, SQLStore) {
        let (store, holder) = try await StoreImplementation.suite.make(label)
        return (holder, holder.store)
    }
}
