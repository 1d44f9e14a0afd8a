package import Foundation

/// How volumes of a type are encrypted (`/types/{id}/encryption`): the provider, cipher and key size
/// a hypervisor's encryptor (front-end) or the backend (back-end) uses. Volumes of such a type are
/// `encrypted`.
package struct VolumeTypeEncryption: Sendable, Equatable {
    package enum ControlLocation: String, Sendable {
        case frontEnd = "front-end"
        case backEnd = "back-end"
    }

    package var volumeTypeID: UUID
    package var encryptionID: UUID
    package var provider: String
    package var cipher: String?
    package var keySize: Int?
    package var controlLocation: ControlLocation
    package var createdAt: Date
    package var updatedAt: Date?

    package init(
        volumeTypeID: UUID, encryptionID: UUID = UUID.random(), provider: String, cipher: String?, keySize: Int?, controlLocation: ControlLocation,
        createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.volumeTypeID = volumeTypeID
        self.encryptionID = encryptionID
        self.provider = provider
        self.cipher = cipher
        self.keySize = keySize
        self.controlLocation = controlLocation
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
