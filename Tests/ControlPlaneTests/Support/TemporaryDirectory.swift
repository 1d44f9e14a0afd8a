import Foundation

/// A fresh directory under the system's temporary directory for one test.
struct TemporaryDirectory {
    let path: String

    init(_ label: String = "ember") throws {
        path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
}
