import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Seals secrets the store keeps (CHAP passwords) with AES-GCM under a key in its own file (32 random
/// bytes, base64, mode 0600), so a copy of the database alone opens no target. A sealed value is
/// `sealed:v1:` and base64 of nonce, ciphertext and tag; anything else is a plaintext value from an
/// older release, which `isSealed` lets the store find and migrate.
package struct SecretBox: Sendable {
    static let prefix = "sealed:v1:"
    private let key: SymmetricKey

    /// Reads the key at `keyFile`, creating it (0600) when it does not exist.
    package init(keyFile: String) throws {
        key = try Self.loadOrCreate(keyFile)
    }

    private static func loadOrCreate(_ keyFile: String) throws -> SymmetricKey {
        if let text = try? String(contentsOfFile: keyFile, encoding: .utf8) {
            guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
                throw StoreError.unusable("The secret key \(keyFile) is damaged; restore it from a backup.")
            }
            return SymmetricKey(data: bytes)
        }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let fd = Glibc.open(keyFile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            // Another process made it first: use that one.
            if errno == EEXIST { return try loadOrCreate(keyFile) }
            throw StoreError.unusable("Cannot create the secret key \(keyFile): \(String(cString: strerror(errno))).")
        }
        defer { close(fd) }
        let text = Array(bytes.base64EncodedString().utf8)
        guard write(fd, text, text.count) == text.count, fsync(fd) == 0 else {
            throw StoreError.unusable("Cannot write the secret key \(keyFile): \(String(cString: strerror(errno))).")
        }
        return SymmetricKey(data: bytes)
    }

    package func seal(_ secret: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else {
            throw StoreError.unusable("AES-GCM sealing failed.")
        }
        return Self.prefix + combined.base64EncodedString()
    }

    package func open(_ stored: String) throws -> String {
        guard Self.isSealed(stored), let bytes = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: bytes), let plain = try? AES.GCM.open(box, using: key)
        else { throw StoreError.sealedSecretUnreadable }
        return String(decoding: plain, as: UTF8.self)
    }

    package static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }
}
