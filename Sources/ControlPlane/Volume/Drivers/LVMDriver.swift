package import EmberModel
package import Foundation

/// Volumes as logical volumes `volume-<uuid>` in one volume group, as Cinder's LVM driver keeps them.
///
/// Thick (`lvm_type = default`): one LV per volume; a deleted volume is wiped through the data path
/// (`volume_clear`, zero by default) before `lvremove`;
/// snapshots are copy-on-write LVs a tenth larger than their volume; copies are new LVs filled by the data
/// path's copy. Thin: a pool (`ember-pool`, created when absent) holds thin LVs; snapshots and clones are
/// thin snapshots; a deleted volume's blocks are discarded back to the pool.
/// Copies are made under a `tmp-` name and renamed when whole, so a crash never leaves a half-copied
/// volume under its real name; `checkSetup` removes what a crash left.
package struct LVMDriver: VolumeDriver {
    package enum Provisioning: String, Sendable, CaseIterable {
        case thick, thin
    }

    package struct Configuration: Sendable {
        package var volumeGroup: String
        package var provisioning: Provisioning
        package var poolName: String
        /// Size of the thin pool created when absent, as a fraction of the group's free space.
        package var poolFraction: Double
        package var volumeClear: VolumeClear
        /// Bytes zeroed at the start of a deleted thick LV; nil for all of it (`volume_clear_size`).
        package var volumeClearBytes: UInt64?
        package var backendName: String

        package init(
            volumeGroup: String, provisioning: Provisioning = .thick, poolName: String = "ember-pool", poolFraction: Double = 0.95,
            volumeClear: VolumeClear = .zero, volumeClearBytes: UInt64? = nil, backendName: String = "lvm"
        ) {
            self.volumeGroup = volumeGroup
            self.provisioning = provisioning
            self.poolName = poolName
            self.poolFraction = poolFraction
            self.volumeClear = volumeClear
            self.volumeClearBytes = volumeClearBytes
            self.backendName = backendName
        }
    }

    package static let volumePrefix = "volume-"
    /// LVM reserves names starting with "snapshot"; Cinder uses the same underscore.
    package static let snapshotPrefix = "_snapshot-"
    static let temporaryPrefix = "tmp-"

    package let configuration: Configuration
    package let mover: DataMover
    let lvm: LVM
    package var backendName: String { configuration.backendName }

    package init(configuration: Configuration, mover: DataMover = DataMover()) throws {
        try LVM.validate(volumeGroup: configuration.volumeGroup)
        try LVM.validate(volumeGroup: configuration.poolName)
        self.configuration = configuration
        self.mover = mover
        lvm = LVM(volumeGroup: configuration.volumeGroup)
    }

    static func name(volume id: UUID) -> String { volumePrefix + id.key }
    static func name(snapshot id: UUID) -> String { snapshotPrefix + id.key }

    /// Refuses to serve, in one sentence, without device-mapper or the volume group; creates the thin
    /// pool when absent; removes copies a crash left half-made.
    package func checkSetup() async throws {
        let misc = (try? String(contentsOfFile: "/proc/misc", encoding: .utf8)) ?? ""
        guard misc.contains("device-mapper") || FileManager.default.fileExists(atPath: "/dev/mapper/control") else {
            throw Fault(.internalError, "The LVM backend needs the kernel's device-mapper, which this machine does not have (no device-mapper in /proc/misc).")
        }
        guard let group = try await lvm.group() else {
            throw Fault(.internalError, "The LVM backend needs volume group \(configuration.volumeGroup), which does not exist (vgs cannot find it).")
        }
        let volumes = try await lvm.volumes()
        for leftover in volumes where leftover.name.hasPrefix(Self.temporaryPrefix) {
            try await lvm.remove(leftover.name)
        }
        if configuration.provisioning == .thin, !volumes.contains(where: { $0.name == configuration.poolName }) {
            let bytes = UInt64(Double(group.freeBytes) * configuration.poolFraction) / (4 << 20) * (4 << 20)
            try await lvm.createThinPool(configuration.poolName, bytes: bytes)
        }
    }

    package func createVolume(id: UUID, sizeGB: Int) async throws {
        let name = Self.name(volume: id)
        if try await lvm.volume(name) != nil { return }
        let bytes = UInt64(sizeGB) * GiB.bytes
        switch configuration.provisioning {
        case .thick: try await lvm.createThick(name, bytes: bytes)
        case .thin: try await lvm.createThin(name, bytes: bytes, pool: configuration.poolName)
        }
    }

    package func createVolume(id: UUID, sizeGB: Int, from source: VolumeSource) async throws {
        let name = Self.name(volume: id)
        if try await lvm.volume(name) != nil { return }
        let origin =
            switch source {
            case .snapshot(let snapshot): Self.name(snapshot: snapshot)
            case .volume(let volume): Self.name(volume: volume)
            }
        try await makeCopy(of: origin, named: name, bytes: UInt64(sizeGB) * GiB.bytes)
    }

    /// A thin LV is discarded back to its pool, any other is wiped (`volume_clear`): by what the LV is,
    /// not by the configured type, so thick volumes made before a switch to thin are still wiped.
    package func deleteVolume(id: UUID) async throws {
        let name = Self.name(volume: id)
        guard let volume = try await lvm.volume(name) else { return }
        try await lvm.activate(volume)
        let path = lvm.devicePath(name)
        if volume.isThin {
            try await mover.discard(path)
        } else if configuration.volumeClear == .zero {
            try await mover.wipe(path, length: configuration.volumeClearBytes)
        }
        try await lvm.remove(name)
    }

    package func extendVolume(id: UUID, sizeGB: Int) async throws {
        let name = Self.name(volume: id)
        let bytes = UInt64(sizeGB) * GiB.bytes
        guard let volume = try await lvm.volume(name) else { throw Fault(.internalError, "LV \(name) is missing") }
        if volume.sizeBytes < bytes { try await lvm.extend(name, bytes: bytes) }
    }

    /// Thin: a thin snapshot of the snapshot takes the volume's name (the old LV goes; thin snapshots
    /// do not depend on their origin). Thick: the snapshot is copied over the volume in place (removing
    /// a thick origin would take its snapshots with it); a crash half-way leaves the volume `reverting`,
    /// and recovery copies again from the intact snapshot.
    package func revertVolume(id: UUID, toSnapshot snapshotID: UUID) async throws {
        let name = Self.name(volume: id)
        let snapshot = Self.name(snapshot: snapshotID)
        guard let volume = try await lvm.volume(name) else { throw Fault(.internalError, "LV \(name) is missing") }
        guard configuration.provisioning == .thin else {
            return try await copyData(from: snapshot, to: name)
        }
        let fresh = Self.temporaryPrefix + "revert-" + id.key
        try await makeCopy(of: snapshot, named: fresh, bytes: volume.sizeBytes)
        let old = Self.temporaryPrefix + "old-" + id.key
        try await lvm.rename(name, to: old)
        try await lvm.rename(fresh, to: name)
        try await lvm.remove(old)
    }

    package func createSnapshot(id: UUID, volumeID: UUID) async throws {
        let name = Self.name(snapshot: id)
        if try await lvm.volume(name) != nil { return }
        let origin = Self.name(volume: volumeID)
        guard let volume = try await lvm.volume(origin) else { throw Fault(.internalError, "LV \(origin) is missing") }
        try await lvm.snapshot(name, of: origin, cowBytes: configuration.provisioning == .thick ? Self.cowBytes(volume.sizeBytes) : nil)
    }

    package func deleteSnapshot(id: UUID) async throws {
        let name = Self.name(snapshot: id)
        guard try await lvm.volume(name) != nil else { return }
        try await lvm.remove(name)
    }

    package func exportPath(of id: UUID) async throws -> (path: String, isBlockDevice: Bool) {
        try await lvm.activate(Self.name(volume: id))
        return (devicePath(of: id), true)
    }

    /// The device node of a volume's LV (present while the LV is active).
    package func devicePath(of id: UUID) -> String { lvm.devicePath(Self.name(volume: id)) }

    package func existingVolumes() async throws -> Set<UUID> {
        Set(try await lvm.volumes().compactMap { Self.id($0.name, prefix: Self.volumePrefix) })
    }

    package func existingSnapshots() async throws -> Set<UUID> {
        Set(try await lvm.volumes().compactMap { Self.id($0.name, prefix: Self.snapshotPrefix) })
    }

    /// Thick: the group's size and free space. Thin: the pool's size and its unused data space, as
    /// Cinder reports them (the scheduler applies the over-subscription ratio).
    package func capacity() async throws -> BackendCapacity {
        switch configuration.provisioning {
        case .thick:
            guard let group = try await lvm.group() else { throw Fault(.internalError, "volume group \(configuration.volumeGroup) is gone") }
            return BackendCapacity(
                totalGB: Double(group.sizeBytes) / Double(GiB.bytes), freeGB: Double(group.freeBytes) / Double(GiB.bytes), thinProvisioning: false)
        case .thin:
            guard let pool = try await lvm.volume(configuration.poolName) else { throw Fault(.internalError, "thin pool \(configuration.poolName) is gone") }
            let total = Double(pool.sizeBytes) / Double(GiB.bytes)
            return BackendCapacity(totalGB: total, freeGB: total * (1 - (pool.dataPercent ?? 0) / 100), thinProvisioning: true)
        }
    }

    // MARK: Helpers

    /// A copy of `origin` named `name`, of `bytes`: a thin snapshot (grown when bigger), or a thick LV
    /// filled by the data path under a temporary name and renamed when whole.
    private func makeCopy(of origin: String, named name: String, bytes: UInt64) async throws {
        guard try await lvm.volume(origin) != nil else { throw Fault(.internalError, "LV \(origin) is missing") }
        if configuration.provisioning == .thin {
            try await lvm.snapshot(name, of: origin, cowBytes: nil)
            if let made = try await lvm.volume(name), made.sizeBytes < bytes { try await lvm.extend(name, bytes: bytes) }
            return
        }
        let temporary = Self.temporaryPrefix + name
        if try await lvm.volume(temporary) != nil { try await lvm.remove(temporary) }
        try await lvm.createThick(temporary, bytes: bytes)
        do {
            try await copyData(from: origin, to: temporary)
            try await lvm.rename(temporary, to: name)
        } catch {
            try? await lvm.remove(temporary)
            throw error
        }
    }

    /// Copies one LV's content onto another through the data path.
    private func copyData(from origin: String, to destination: String) async throws {
        try await lvm.activate(origin)
        try await lvm.activate(destination)
        try await mover.copy(lvm.devicePath(origin), to: lvm.devicePath(destination))
    }

    /// A thick snapshot's copy-on-write space: the volume's size (as Cinder sizes it) plus a tenth, so
    /// that even a full overwrite of the origin, which an in-place revert is, fits with LVM's own
    /// exception metadata instead of invalidating the snapshot.
    static func cowBytes(_ volumeBytes: UInt64) -> UInt64 {
        let extent: UInt64 = 4 << 20
        let bytes = volumeBytes + max(volumeBytes / 10, 64 << 20)
        return (bytes + extent - 1) / extent * extent
    }

    private static func id(_ name: String, prefix: String) -> UUID? {
        name.hasPrefix(prefix) ? UUID(key: String(name.dropFirst(prefix.count))) : nil
    }
}
