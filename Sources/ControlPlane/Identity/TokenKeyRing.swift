import Crypto
import EmberModel
import Foundation
import Synchronization

/// The keys tokens are sealed with: files `DIR/1`, `DIR/2`, ... (32 random bytes each, base64, mode
/// 0600). The highest number is the primary, which seals new tokens; every key present still opens
/// the tokens it sealed, until `retire` removes it.
///
/// Rotation happens on disk (`ember token-keys rotate`), so a running server notices a changed
/// directory and reloads before its next seal or open.
package final class TokenKeyRing: Sendable {
    package let directory: String
    private let state: Mutex<(stamp: timespec?, keys: [UInt32: SymmetricKey], version: Int)>

    /// Opens the ring, creating the directory and a first key when there is none.
    package init(directory: String) throws {
        self.directory = directory
        state = Mutex((stamp: nil, keys: [:], version: 0))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if try Self.read(directory).isEmpty { try Self.write(directory, id: 1) }
        try reloadIfChanged()
    }

    /// The primary key and its number.
    func primary() throws -> (id: UInt32, key: SymmetricKey) {
        try reloadIfChanged()
        return try state.withLock { state in
            guard let id = state.keys.keys.max(), let key = state.keys[id] else {
                throw Fault(.internalError, "No token key in \(directory).")
            }
            return (id, key)
        }
    }

    func key(_ id: UInt32) throws -> SymmetricKey? {
        try reloadIfChanged()
        return state.withLock { $0.keys[id] }
    }

    /// A number that changes whenever the keys on disk change (after a rotation or retirement), so
    /// cached validations can be dropped.
    func version() throws -> Int {
        try reloadIfChanged()
        return state.withLock { $0.version }
    }

    /// The numbers of the keys present, oldest first.
    package func keyIDs() throws -> [UInt32] {
        try reloadIfChanged()
        return state.withLock { $0.keys.keys.sorted() }
    }

    /// Adds a new primary key, then retires the oldest so that at most `maxActive` remain.
    /// Returns the new key's number.
    @discardableResult
    package func rotate(maxActive: Int = 3) throws -> UInt32 {
        let id = (try Self.read(directory).keys.max() ?? 0) + 1
        try Self.write(directory, id: id)
        try retire(keeping: maxActive)
        try reloadIfChanged()
        return id
    }

    /// Removes the oldest keys until `keeping` remain (never the primary): their tokens stop working.
    package func retire(keeping: Int) throws {
        let ids = try Self.read(directory).keys.sorted()
        for id in ids.dropLast(max(keeping, 1)) {
            try FileManager.default.removeItem(atPath: "\(directory)/\(id)")
        }
        try reloadIfChanged()
    }

    private func reloadIfChanged() throws {
        var info = stat()
        guard stat(directory, &info) == 0 else { throw Fault(.internalError, "Token key directory \(directory) is missing.") }
        let stamp = info.st_mtim
        let current = state.withLock { $0.stamp }
        if let current, current.tv_sec == stamp.tv_sec, current.tv_nsec == stamp.tv_nsec { return }
        let keys = try Self.read(directory)
        state.withLock { $0 = (stamp: stamp, keys: keys, version: $0.version + 1) }
    }

    private static func read(_ directory: String) throws -> [UInt32: SymmetricKey] {
        var keys: [UInt32: SymmetricKey] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            guard let id = UInt32(name), let text = try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8),
                let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32
            else { continue }
            keys[id] = SymmetricKey(data: bytes)
        }
        return keys
    }

    /// Writes a new key through a temporary file and a rename, so a reader never sees half a key.
    private static func write(_ directory: String, id: UInt32) throws {
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let temporary = "\(directory)/.\(id).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(key.base64EncodedString().utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Fault(.internalError, "Cannot write token key \(temporary).")
        }
        guard rename(temporary, "\(directory)/\(id)") == 0 else {
            throw Fault(.internalError, "Cannot install token key \(id) in \(directory).")
        }
    }
}
