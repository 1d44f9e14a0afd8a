import EmberModel
import EmberStore
import Foundation

/// What a new volume is made of: its source, type, zone and size, checked as Cinder checks them.
extension VolumeAPI {
    /// The volume to insert, and its type.
    func newVolume(_ input: VolumeCreateRequest, _ caller: CallContext) async throws -> (Volume, VolumeType) {
        let source = try await self.source(of: input, caller)
        let type = try await volumeType(input.volumeType, source: source?.volume, caller)
        let zone = try await availabilityZone(input.availabilityZone, source: source?.volume)
        var volume = Volume(
            projectID: caller.projectID, userID: caller.userID, name: input.name, description: input.description,
            sizeGB: try size(input.sizeGB, source: source), availabilityZone: zone, volumeTypeID: type.id,
            bootable: source?.volume.bootable ?? false, multiattach: type.isMultiattach,
            metadata: input.metadata,
            snapshotID: source?.snapshot?.id, sourceVolumeID: source?.snapshot == nil ? source?.volume.id : nil)
        if let raw = input.groupID {
            guard let id = UUID(key: raw) else { throw Fault.notFound("Group \(raw) could not be found.") }
            volume.groupID = id
        }
        volume.encryptionKeyID = try await encryptionKey(for: type, source: source?.volume)
        return (volume, type)
    }

    /// A key for a volume of an encrypted type (a copy of the source's when the source has one, as
    /// Cinder's create flow does); nil for other types.
    private func encryptionKey(for type: VolumeType, source: Volume?) async throws -> UUID? {
        guard try await store.encryption(typeID: type.id) != nil else { return nil }
        guard let keyManager else {
            throw Fault.badRequest(
                "Invalid volume type: Volume type \(type.name) is encrypted, and no key manager is configured (start ember with --fixed-key-file).")
        }
        if let key = source?.encryptionKeyID { return try await keyManager.copyKey(key) }
        return try await keyManager.createKey()
    }

    /// The source a create names, checked now for the caller's sake; the store checks its status again
    /// inside the insert's transaction.
    private func source(of input: VolumeCreateRequest, _ caller: CallContext) async throws -> (volume: Volume, snapshot: Snapshot?)? {
        if let raw = input.snapshotID {
            let snapshot = try await lookup.snapshot(raw, caller)
            guard let volume = try await store.volume(id: snapshot.volumeID) else { throw Fault.volumeNotFound(snapshot.volumeID.key) }
            return (volume, snapshot)
        }
        if let raw = input.sourceVolumeID { return (try await lookup.volume(raw, caller), nil) }
        return nil
    }

    /// The requested type, else the source's, else the project's default (3.62), else the default.
    private func volumeType(_ requested: String?, source: Volume?, _ caller: CallContext) async throws -> VolumeType {
        if let requested { return try await lookup.volumeType(requested, caller) }
        if let source, let type = try await store.volumeType(source.volumeTypeID.key) { return type }
        return try await store.defaultVolumeType(project: caller.projectID)
    }

    private func size(_ requested: Int?, source: (volume: Volume, snapshot: Snapshot?)?) throws -> Int {
        guard let source else { return requested ?? 0 }
        let (minimum, what) = source.snapshot.map { ($0.sizeGB, "the snapshot size") } ?? (source.volume.sizeGB, "original volume size")
        let size = requested ?? minimum
        guard size >= minimum else {
            throw Fault.invalidInput("Volume size '\(size)'GB cannot be smaller than \(what) \(minimum)GB. They must be >= \(what).")
        }
        return size
    }

    private func availabilityZone(_ requested: String?, source: Volume?) async throws -> String {
        if let source {
            if let requested, requested != source.availabilityZone {
                throw Fault.invalidInput("Availability zone '\(requested)' differs from the source's zone '\(source.availabilityZone)'.")
            }
            return source.availabilityZone
        }
        guard let requested else { return defaultAvailabilityZone }
        let zones = Set(try await store.services().map(\.availabilityZone)).union([defaultAvailabilityZone])
        guard zones.contains(requested) else { throw Fault.badRequest("Invalid input received: Availability zone '\(requested)' is invalid.") }
        return requested
    }
}
