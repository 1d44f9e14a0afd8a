import Crypto
package import EmberModel
package import Foundation

/// Seals payloads into tokens and opens them: `base64url(version | key id | AES-GCM(nonce, JSON, tag))`,
/// with the version and key id authenticated as associated data. A token changed by one bit, or sealed
/// by a retired key, does not open.
package struct TokenCodec: Sendable {
    static let version: UInt8 = 1
    let keys: TokenKeyRing

    package init(keys: TokenKeyRing) {
        self.keys = keys
    }

    package func seal(_ payload: TokenPayload) throws -> String {
        let (id, key) = try keys.primary()
        let header = Self.header(id)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let box = try AES.GCM.seal(try encoder.encode(payload), using: key, authenticating: header)
        guard let combined = box.combined else { throw Fault(.internalError, "Token sealing failed.") }
        return Base64URL.encode(header + combined)
    }

    /// The payload, or nil for anything that is not a token this service sealed with a key it still has.
    package func open(_ token: String) -> TokenPayload? {
        guard token.count <= 1024, let bytes = Base64URL.decode(token), bytes.count > 5 + 12 + 16,
            bytes.first == Self.version
        else { return nil }
        let id = bytes.dropFirst().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard let key = try? keys.key(id), let box = try? AES.GCM.SealedBox(combined: bytes.dropFirst(5)),
            let plain = try? AES.GCM.open(box, using: key, authenticating: bytes.prefix(5))
        else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(TokenPayload.self, from: plain)
    }

    static func header(_ id: UInt32) -> Data {
        Data([version, UInt8(id >> 24), UInt8(id >> 16 & 0xff), UInt8(id >> 8 & 0xff), UInt8(id & 0xff)])
    }
}

/// URL-safe base64 without padding (RFC 4648 §5): tokens travel in headers and URLs.
package enum Base64URL {
    package static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    /// A random id of `bytes` bytes, URL-safe (audit ids, as Keystone makes them).
    package static func random(bytes: Int = 16) -> String {
        encode(SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8)).withUnsafeBytes { Data($0) })
    }
}
