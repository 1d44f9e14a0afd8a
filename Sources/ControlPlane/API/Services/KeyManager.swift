import EmberModel
package import Foundation

/// Where the encryption keys of encrypted volumes come from (Cinder's Castellan key manager): the API
/// asks for one when it creates a volume of an encrypted type, and hands its id to the volume.
package protocol KeyManager: Sendable {
    /// A new key for a new volume; its id is what the volume records.
    func createKey() async throws -> UUID
    /// A key for a volume made from one encrypted with `key` (a clone, or a volume from its snapshot).
    func copyKey(_ key: UUID) async throws -> UUID
}

/// One key from the configuration for every volume, as Cinder's `ConfKeyManager` and its `fixed_key`:
/// anyone who knows the key can read any volume, so it suits tests and single-tenant clouds only.
package struct FixedKeyManager: KeyManager {
    /// The id every volume records, Cinder's `FIXED_KEY_ID`, which views do not show (3.64).
    package static let keyID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// The key's bytes, for a data path that encrypts; never logged.
    package let key: [UInt8]

    /// Reads a key given in hex (64 hex digits for AES-256): nil for anything else.
    package init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count >= 32, digits.count <= 128, digits.count.isMultiple(of: 2) else { return nil }
        var key: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            key.append(byte)
        }
        self.key = key
    }

    package func createKey() async throws -> UUID { Self.keyID }
    package func copyKey(_ key: UUID) async throws -> UUID { Self.keyID }
}
