import Foundation

/// Keystone's ids: 32 lower-case hex digits.
package enum IdentityID {
    package static func make() -> String { UUID.random().key.replacingOccurrences(of: "-", with: "") }
}
