import Foundation

/// The CHAP account of one exported volume: random, stored in the database, never logged, shown
/// only in the owning project's `connection_info`.
package struct ChapCredentials: Codable, Sendable, Equatable {
    package var username: String
    package var password: String

    package init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// A new account: a 12-character user name and a 24-character secret from the system's CSPRNG
    /// (initiators want secrets of 12 to 16 characters at least).
    package static func random() -> ChapCredentials {
        ChapCredentials(username: "ember" + randomText(12), password: randomText(24))
    }

    private static func randomText(_ count: Int) -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
