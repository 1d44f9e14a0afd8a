package import Foundation

/// An offer to give a volume to another project (`os-volume-transfer`, `volume-transfers`): whoever
/// presents its id and auth key takes the volume, its snapshots (unless `noSnapshots`) and their
/// quota usage. Only a salted hash of the key is kept.
package struct VolumeTransfer: Sendable, Equatable {
    package var id: UUID
    package var volumeID: UUID
    package var name: String?
    /// The project that offered the volume.
    package var sourceProjectID: String
    package var salt: String
    /// SHA-256 of the salt followed by the auth key, in hex.
    package var keyHash: String
    package var noSnapshots: Bool
    package var createdAt: Date
    /// Set when the transfer is accepted (3.57's history).
    package var destinationProjectID: String?
    package var accepted: Bool

    package init(
        id: UUID = UUID.random(), volumeID: UUID, name: String?, sourceProjectID: String, salt: String, keyHash: String,
        noSnapshots: Bool = false, createdAt: Date = Date(), destinationProjectID: String? = nil, accepted: Bool = false
    ) {
        self.id = id
        self.volumeID = volumeID
        self.name = name
        self.sourceProjectID = sourceProjectID
        self.salt = salt
        self.keyHash = keyHash
        self.noSnapshots = noSnapshots
        self.createdAt = createdAt
        self.destinationProjectID = destinationProjectID
        self.accepted = accepted
    }
}
