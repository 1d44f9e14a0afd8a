package import EmberModel
import Foundation

extension Store {
    /// What placing `volume` asks of a host: its size and zone, its type's extra specs, and the host
    /// of the snapshot or volume it is copied from (a copy is made where its source is).
    package func placementRequest(for volume: Volume) async throws -> PlacementRequest {
        let specs = try await volumeType(volume.volumeTypeID.key)?.extraSpecs ?? [:]
        return PlacementRequest(
            volumeID: volume.id, sizeGB: volume.sizeGB, availabilityZone: volume.availabilityZone,
            volumeTypeID: volume.volumeTypeID, extraSpecs: specs, requiredHost: try await sourceHost(of: volume))
    }

    /// The host holding a volume's source, or nil for a volume made from nothing.
    package func sourceHost(of volume: Volume) async throws -> String? {
        var sourceVolume = volume.sourceVolumeID
        if let snapshotID = volume.snapshotID {
            sourceVolume = try await snapshot(id: snapshotID)?.volumeID
        }
        guard let sourceVolume else { return nil }
        return try await self.volume(id: sourceVolume)?.host
    }
}
