import CShims
#if canImport(Glibc)
import Glibc
#endif

/// The size of what a path names: a regular file's length or a block device's capacity.
public enum DeviceSize {
    public struct NotAFileOrBlockDevice: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) is neither a regular file nor a block device" }
    }

    public static func bytes(of path: String) throws -> UInt64 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open", path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError("fstat", path: path) }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return UInt64(info.st_size)
        case S_IFBLK:
            var bytes: UInt64 = 0
            guard ember_blk_getsize64(fd, &bytes) == 0 else { throw SystemError("ioctl(BLKGETSIZE64)", path: path) }
            return bytes
        default:
            throw NotAFileOrBlockDevice(path: path)
        }
    }
}
