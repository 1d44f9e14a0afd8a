import Crypto
import EmberModel
import EmberStore
import Foundation

/// Volume transfers between the routes and the store: a new transfer's auth key is made here, shown
/// once in the create answer and kept only as a salted SHA-256; accepting compares in constant time.
struct TransferAPI: Sendable {
    let store: any Store
    var lookup: Lookup { Lookup(store: store) }

    /// Cinder's `volume_transfer_key_length` and salt length.
    static let keyLength = 16
    static let saltLength = 8

    /// Offers the caller's volume; returns the transfer and its auth key.
    func create(volume: Volume, name: String?, noSnapshots: Bool, caller: CallContext) async throws -> (VolumeTransfer, String) {
        let key = Self.randomText(Self.keyLength)
        let salt = Self.randomText(Self.saltLength)
        let transfer = VolumeTransfer(
            volumeID: volume.id, name: name, sourceProjectID: volume.projectID, salt: salt, keyHash: Self.hash(salt: salt, key: key),
            noSnapshots: noSnapshots)
        try await store.insertTransfer(transfer)
        return (transfer, key)
    }

    /// A live transfer the caller may see (its project's, or any for an admin); 404 otherwise.
    func visible(_ raw: String, _ caller: CallContext) async throws -> VolumeTransfer {
        guard let id = UUID(key: raw), let transfer = try await store.transfer(id: id), caller.isAdmin || transfer.sourceProjectID == caller.projectID
        else { throw Self.notFound(raw) }
        return transfer
    }

    func delete(_ transfer: VolumeTransfer) async throws {
        guard try await store.deleteTransfer(id: transfer.id) else { throw Self.notFound(transfer.id.key) }
    }

    /// Any project's member who holds the id and the key takes the volume into the caller's project.
    func accept(_ raw: String, key: String, caller: CallContext) async throws -> VolumeTransfer {
        guard let id = UUID(key: raw), let transfer = try await store.transfer(id: id) else { throw Self.notFound(raw) }
        guard Self.constantTimeEqual(Self.hash(salt: transfer.salt, key: key), transfer.keyHash) else {
            throw Fault.badRequest("Invalid auth key: Attempt to transfer \(id.key) with invalid auth key.")
        }
        guard let accepted = try await store.acceptTransfer(id: id, project: caller.projectID, user: caller.userID) else {
            throw Self.notFound(raw)
        }
        return accepted
    }

    static func notFound(_ id: String) -> Fault { .notFound("Transfer \(id) could not be found.") }

    static func hash(salt: String, key: String) -> String {
        SHA256.hash(data: Data((salt + key).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Lower-case letters and digits from the system's secure generator.
    static func randomText(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
