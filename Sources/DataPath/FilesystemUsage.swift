#if canImport(Glibc)
import Glibc
#endif

/// Total and free space of the filesystem holding a path, as statvfs reports them.
public struct FilesystemUsage: Sendable, Equatable {
    public var totalBytes: UInt64
    /// Space an unprivileged writer may still use (f_bavail).
    public var availableBytes: UInt64

    public init(totalBytes: UInt64, availableBytes: UInt64) {
        self.totalBytes = totalBytes
        self.availableBytes = availableBytes
    }

    public static func of(_ path: String) throws -> FilesystemUsage {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { throw SystemError("statvfs", path: path) }
        let unit = UInt64(info.f_frsize)
        return FilesystemUsage(totalBytes: UInt64(info.f_blocks) * unit, availableBytes: UInt64(info.f_bavail) * unit)
    }
}
