import Foundation

/// A fresh directory under the system's temporary directory for one test, removed with its last reference.
final class TemporaryDirectory: Sendable {
    let path: String

    init(_ label: String = "ember") throws {
        path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
