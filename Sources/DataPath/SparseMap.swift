import CShims

#if canImport(Glibc)
import Glibc
#endif

/// Where a device's allocated extents can be asked for with SEEK_DATA / SEEK_HOLE: a regular file
/// itself, or the backing file of a loop device, whose holes read as zeroes through the loop. This is
/// what lets a copy skip, without reading them, the unwritten parts of a file volume attached as a
/// loop device.
final class SparseMap: @unchecked Sendable {
    /// A descriptor of the file the map is read from.
    let fd: Int32
    /// Where the device's byte 0 lies in that file (a loop device's `offset`).
    let offset: UInt64
    /// A loop device's own page cache must reach its backing file before the map is read.
    let flushesDevice: Bool
    private let ownsFD: Bool

    /// Nil when the file's filesystem has no SEEK_HOLE.
    init?(fd: Int32, offset: UInt64, ownsFD: Bool, flushesDevice: Bool) {
        guard ember_seek_hole(fd, Int64(offset)) >= 0 else {
            if ownsFD { close(fd) }
            return nil
        }
        self.fd = fd
        self.offset = offset
        self.ownsFD = ownsFD
        self.flushesDevice = flushesDevice
    }

    deinit {
        if ownsFD { close(fd) }
    }

    /// The backing file of the loop device `rdev`, as sysfs names it; nil for any other device, an
    /// unbound loop, a backing file that was deleted or is not a regular file.
    static func ofLoopDevice(_ rdev: dev_t) -> SparseMap? {
        let major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfff)
        let minor = (rdev & 0xff) | ((rdev >> 12) & ~0xff)
        guard major == 7 else { return nil }
        let base = "/sys/dev/block/\(major):\(minor)/loop/"
        guard let backing = firstLine(of: base + "backing_file"), backing.hasPrefix("/"), !backing.hasSuffix("(deleted)"),
            let offset = firstLine(of: base + "offset").flatMap(UInt64.init)
        else { return nil }
        let fd = open(backing, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return nil
        }
        return SparseMap(fd: fd, offset: offset, ownsFD: true, flushesDevice: true)
    }

    /// The first line of a small (sysfs) file.
    private static func firstLine(of path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
    }
}
