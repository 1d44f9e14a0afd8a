public import Foundation

/// What is being placed.
public struct PlacementRequest: Codable, Sendable, Equatable {
    public var volumeID: UUID
    public var sizeGB: Int
    public var availabilityZone: String
    public var volumeTypeID: UUID
    /// The volume type's extra specs, matched against the hosts' capabilities.
    public var extraSpecs: [String: String]
    /// The host that must take the volume: the one holding the snapshot or volume it is copied from.
    public var requiredHost: String?

    public init(
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
