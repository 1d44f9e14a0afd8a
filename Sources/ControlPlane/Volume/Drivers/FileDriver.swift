import DataPath
import Foundation

/// Volumes as sparse raw files `volume-<uuid>` in one directory: the embedded default backend.
///
/// Files are thin: a new volume allocates nothing, so the backend reports itself thin-provisioned
/// and the scheduler may over-subscribe it up to the configured ratio.
public struct FileDriver: VolumeDriver {
    public static let filePrefix = "volume-"

    public let directory: String
    public let backendName: String
    public let volumeClear: VolumeClear

    public init(directory: String, backendName: String = "file", volumeClear: VolumeClear = .none) {
        self.directory = directory
        self.backendName = backendName
        self.volumeClear = volumeClear
    }

    /// The backing file of a volume. The id is a UUID, so the name can hold no path separator.
    public func path(of id: UUID) -> String {
        directory + "/" + Self.filePrefix + id.key
    }

    public func checkSetup() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw Fault(code: 500, message: "volume directory \(directory) is not writable")
        }
    }

    public func createVolume(id: UUID, sizeGB: Int) async throws {
        try SparseFile.create(at: path(of: id), bytes: UInt64(sizeGB) * GiB.bytes)
    }

    public func deleteVolume(id: UUID) async throws {
        let path = path(of: id)
        if volumeClear == .zero, FileManager.default.fileExists(atPath: path) {
            try await volumeClear.clear(path: path)
        }
        try SparseFile.remove(at: path)
    }

    public func existingVolumes() throws -> Set<UUID> {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        return Set(names.compactMap { name in
            name.hasPrefix(Self.filePrefix) ? UUID(key: String(name.dropFirst(Self.filePrefix.count))) : nil
        })
    }

    public func capacity() throws -> BackendCapacity {
        let usage = try FilesystemUsage.of(directory)
        return BackendCapacity(
            totalGB: Double(usage.totalBytes) / Double(GiB.bytes),
            freeGB: Double(usage.availableBytes) / Double(GiB.bytes),
            thinProvisioning: true)
    }
}
