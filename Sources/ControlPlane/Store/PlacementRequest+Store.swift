package import EmberModel
import Foundation

extension Store {
    /// What placing `volume` asks of a host: its size and zone, its type's extra specs, and the host
    /// of the snapshot or volume it is copied from (a copy is made where its source is). `type`, when
    /// the caller has already read the volume's type, saves reading it again.
    package func placementRequest(for volume: Volume, type: VolumeType? = nil) async throws -> PlacementRequest {
        var known = type.flatMap { $0.id == volume.volumeTypeID ? $0 : nil }
        if known == nil { known = try await volumeType(volume.volumeTypeID.key) }
        let specs = known?.extraSpecs ?? [:]
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
