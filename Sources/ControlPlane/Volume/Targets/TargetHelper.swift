import Foundation

/// The CHAP account of one exported volume: random, stored in the database, never logged, shown
/// only in the owning project's `connection_info`.
public struct ChapCredentials: Codable, Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// A new account: a 12-character user name and a 24-character secret from the system's CSPRNG
    /// (initiators want secrets of 12 to 16 characters at least).
    public static func random() -> ChapCredentials {
        ChapCredentials(username: "ember" + randomText(12), password: randomText(24))
    }

    private static func randomText(_ count: Int) -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}

/// What to export: one volume's backing store, behind its CHAP account, to some initiators.
public struct ExportRequest: Sendable {
    public var volumeID: UUID
    public var path: String
    public var isBlockDevice: Bool
    public var credentials: ChapCredentials
    /// Initiator IQNs allowed in; empty allows any initiator that knows the account.
    public var initiators: [String]

    public init(volumeID: UUID, path: String, isBlockDevice: Bool, credentials: ChapCredentials, initiators: [String]) {
        self.volumeID = volumeID
        self.path = path
        self.isBlockDevice = isBlockDevice
        self.credentials = credentials
        self.initiators = initiators
    }
}

/// Where an exported volume is found.
public struct Export: Codable, Sendable, Equatable {
    public var iqn: String
    public var portal: String
    public var lun: Int
}

/// A storage target the volume service exports volumes through (Cinder's target helpers).
///
/// Both operations are idempotent: exporting what is exported returns the same export, removing what
/// is gone succeeds, so a redelivered message or a restart never fails on its own leftovers.
public protocol TargetHelper: Sendable {
    /// `HOST:PORT` initiators connect to.
    var portal: String { get }
    func iqn(of volumeID: UUID) -> String
    func createExport(_ request: ExportRequest) async throws -> Export
    func removeExport(volumeID: UUID, username: String?) async throws
    /// The volumes exported now.
    func exportedVolumes() async throws -> Set<UUID>
}
