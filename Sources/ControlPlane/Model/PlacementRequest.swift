package import Foundation

/// What is being placed.
package struct PlacementRequest: Codable, Sendable, Equatable {
    package var volumeID: UUID
    package var sizeGB: Int
    package var availabilityZone: String
    package var volumeTypeID: UUID
    /// The volume type's extra specs, matched against the hosts' capabilities.
    package var extraSpecs: [String: String]
    /// The host that must take the volume: the one holding the snapshot or volume it is copied from.
    package var requiredHost: String?

    package init(
        volumeID: UUID, sizeGB: Int, availabilityZone: String, volumeTypeID: UUID,
        extraSpecs: [String: String] = [:], requiredHost: String? = nil
    ) {
        self.volumeID = volumeID
        self.sizeGB = sizeGB
        self.availabilityZone = availabilityZone
        self.volumeTypeID = volumeTypeID
        self.extraSpecs = extraSpecs
        self.requiredHost = requiredHost
    }
}
