import DataPath
package import EmberModel
package import Foundation

/// Volumes as sparse raw files `volume-<uuid>` in one directory: the embedded default backend.
///
/// Files are thin: a new volume allocates nothing, so the backend reports itself thin-provisioned
/// and the scheduler may over-subscribe it up to the configured ratio. Snapshots are files
/// `snapshot-<uuid>` beside them. Copies (snapshots, clones) are made through the data path's clone
/// (a reflink where the filesystem has one, else a sparse copy) into a `.partial` file that is renamed
/// only when complete, so a crash never leaves a half-copied volume under its real name.
package struct FileDriver: VolumeDriver {
    package static let filePrefix = "volume-"
    package static let snapshotPrefix = "snapshot-"
    static let partialSuffix = ".partial"

    package let directory: String
    package let backendName: String
    package let volumeClear: VolumeClear
    package let mover: DataMover

    package init(directory: String, backendName: String = "file", volumeClear: VolumeClear = .none, mover: DataMover = DataMover()) {
        self.directory = directory
        self.backendName = backendName
        self.volumeClear = volumeClear
        self.mover = mover
    }

    /// The backing file of a volume. The id is a UUID, so the name can hold no path separator.
    package func path(of id: UUID) -> String {
        directory + "/" + Self.filePrefix + id.key
    }

    package func path(ofSnapshot id: UUID) -> String {
        directory + "/" + Self.snapshotPrefix + id.key
    }

    package func checkSetup() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw Fault(.internalError, "volume directory \(directory) is not writable")
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(Self.partialSuffix) {
            try SparseFile.remove(at: directory + "/" + name)
        }
    }

    package func createVolume(id: UUID, sizeGB: Int) async throws {
        try SparseFile.create(at: path(of: id), bytes: UInt64(sizeGB) * GiB.bytes)
    }

    package func createVolume(id: UUID, sizeGB: Int, from source: VolumeSource) async throws {
        let sourcePath =
            switch source {
            case .snapshot(let snapshot): path(ofSnapshot: snapshot)
            case .volume(let volume): path(of: volume)
            }
        try await copy(sourcePath, to: path(of: id), sizeBytes: UInt64(sizeGB) * GiB.bytes)
    }

    package func deleteVolume(id: UUID) async throws {
        try await remove(path(of: id))
    }

    package func extendVolume(id: UUID, sizeGB: Int) async throws {
        try SparseFile.grow(at: path(of: id), to: UInt64(sizeGB) * GiB.bytes)
    }

    package func revertVolume(id: UUID, toSnapshot snapshotID: UUID) async throws {
        try await copy(path(ofSnapshot: snapshotID), to: path(of: id), sizeBytes: nil, replacing: true)
    }

    package func createSnapshot(id: UUID, volumeID: UUID) async throws {
        try await copy(path(of: volumeID), to: path(ofSnapshot: id), sizeBytes: nil)
    }

    package func deleteSnapshot(id: UUID) async throws {
        try await remove(path(ofSnapshot: id))
    }

    package func exportPath(of id: UUID) -> (path: String, isBlockDevice: Bool) {
        (path(of: id), false)
    }

    package func existingVolumes() throws -> Set<UUID> {
        try ids(withPrefix: Self.filePrefix)
    }

    package func existingSnapshots() throws -> Set<UUID> {
        try ids(withPrefix: Self.snapshotPrefix)
    }

    package func capacity() throws -> BackendCapacity {
        let usage = try FilesystemUsage.of(directory)
        return BackendCapacity(
            totalGB: Double(usage.totalBytes) / Double(GiB.bytes),
            freeGB: Double(usage.availableBytes) / Double(GiB.bytes),
            thinProvisioning: true)
    }

    // MARK: Helpers

    /// Clones `source` into `destination` (grown to `sizeBytes` when given). Idempotent: a destination
    /// that exists is complete, because only a finished copy is renamed into place; with `replacing`,
    /// an existing destination is replaced by the finished copy in one rename.
    private func copy(_ source: String, to destination: String, sizeBytes: UInt64?, replacing: Bool = false) async throws {
        if !replacing, FileManager.default.fileExists(atPath: destination) { return }
        let partial = destination + Self.partialSuffix
        try SparseFile.remove(at: partial)
        do {
            try SparseFile.create(at: partial, bytes: try SparseFile.size(of: source))
            try await mover.clone(source, to: partial)
            if let sizeBytes { try SparseFile.grow(at: partial, to: sizeBytes) }
            try SparseFile.rename(partial, to: destination)
        } catch {
            try? SparseFile.remove(at: partial)
            throw error
        }
    }

    private func remove(_ path: String) async throws {
        if volumeClear == .zero, FileManager.default.fileExists(atPath: path) {
            try await mover.wipe(path)
        }
        try SparseFile.remove(at: path)
    }

    private func ids(withPrefix prefix: String) throws -> Set<UUID> {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        return Set(
            names.compactMap { name in
                name.hasPrefix(prefix) ? UUID(key: String(name.dropFirst(prefix.count))) : nil
            })
    }
}
