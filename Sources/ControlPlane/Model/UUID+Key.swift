package import Foundation

extension UUID {
    /// The lower-case form Cinder uses in URLs and bodies, and Ember in the database.
    /// Written by hand: listings format thousands of ids, and `uuidString` goes through printf.
    package var key: String {
        let hex = Self.hexDigits
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = hex[Int(byte >> 4)]
                    out[position + 1] = hex[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }
}

extension UUID {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Parses the 36-character form (either case). Hand-written for the same reason as `key`:
    /// `UUID(uuidString:)` goes through sscanf, and a listing parses two ids per row.
    package init?(key: String) {
        var key = key
        guard key.utf8.count == 36 else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &uuid) { bytes -> Bool in
            var position = 0
            var high: UInt8?
            return key.withUTF8 { characters in
                for (index, character) in characters.enumerated() {
                    if index == 8 || index == 13 || index == 18 || index == 23 {
                        guard character == UInt8(ascii: "-") else { return false }
                        continue
                    }
                    guard let nibble = Self.nibble(character) else { return false }
                    if let pending = high {
                        bytes[position] = pending << 4 | nibble
                        position += 1
                        high = nil
                    } else {
                        high = nibble
                    }
                }
                return position == 16
            }
        }
        guard parsed else { return nil }
        self.init(uuid: uuid)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension UUID {
    /// A random (version 4) UUID from the system's generator (`getrandom(2)`). Foundation's `UUID()`
    /// opens, reads and closes `/dev/urandom` for each one: three system calls on every request,
    /// which needs a request id, and on every create.
    package static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
            bytes[6] = bytes[6] & 0x0F | 0x40  // version 4: random
            bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122's variant
        }
        return UUID(uuid: uuid)
    }
}
