import Crypto
import CryptoExtras
import Foundation

/// Passwords at rest: scrypt (RFC 7914) with a random salt, stored as
/// `scrypt$N$r$p$SALT$HASH` (base64), so the cost can be raised later without breaking old hashes.
package struct PasswordHasher: Sendable {
    package var cost: Int
    package var blockSize: Int
    package var parallelism: Int

    /// N = 2^14, r = 8, p = 1: 16 MiB and tens of milliseconds per check, the cost RFC 7914 suggests
    /// for interactive logins.
    package init(cost: Int = 1 << 14, blockSize: Int = 8, parallelism: Int = 1) {
        self.cost = cost
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    package func hash(_ password: String) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let derived = try Self.derive(password, salt: salt, cost: cost, blockSize: blockSize, parallelism: parallelism)
        return "scrypt$\(cost)$\(blockSize)$\(parallelism)$\(salt.base64EncodedString())$\(derived.base64EncodedString())"
    }

    /// Whether `password` matches `stored`; a malformed stored hash never matches.
    package static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let cost = Int(parts[1]), let blockSize = Int(parts[2]),
            let parallelism = Int(parts[3]), let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
            let derived = try? derive(password, salt: salt, cost: cost, blockSize: blockSize, parallelism: parallelism)
        else { return false }
        return ConstantTime.equal(derived, expected)
    }

    private static func derive(_ password: String, salt: Data, cost: Int, blockSize: Int, parallelism: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Data(password.utf8), salt: salt, outputByteCount: 32, rounds: cost, blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Data($0) }
    }
}

/// Comparisons whose time does not depend on where two secrets first differ.
enum ConstantTime {
    static func equal(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(lhs, rhs) { difference |= a ^ b }
        return difference == 0
    }
}
