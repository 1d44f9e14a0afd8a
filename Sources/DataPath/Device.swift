import CShims

#if canImport(Glibc)
import Glibc
#endif

/// An opened regular file or block device, with what the data path needs to know about it.
///
/// It holds two descriptors: `fd`, opened with O_DIRECT where the filesystem allows it (falling
/// back, with the reason kept in `directIOFallback`), and a buffered one for the unaligned tail.
public final class Device: @unchecked Sendable {
    public enum Kind: String, Codable, Sendable {
        case file
        case blockDevice = "block_device"
    }

    public let path: String
    public let kind: Kind
    public let writable: Bool
    /// Size in bytes.
    public let size: UInt64
    public let logicalBlockSize: Int
    public let physicalBlockSize: Int
    public let fd: Int32
    public let bufferedFD: Int32
    public var directIO: Bool { directIOFallback == nil }
    /// Why O_DIRECT is not in use, if it is not.
    public let directIOFallback: String?
    public let capabilities: DeviceCapabilities
    /// Where SEEK_DATA / SEEK_HOLE answer for this device, if anywhere: the file itself, or the
    /// backing file of a loop device (its holes read as zeroes through the loop) at the loop's offset.
    let sparseMap: SparseMap?

    /// Opens `path` for reading, or for reading and writing.
    public init(path: String, writable: Bool, direct: Bool = true) throws {
        let access = writable ? O_RDWR : O_RDONLY
        let buffered = open(path, access | O_CLOEXEC)
        guard buffered >= 0 else { throw DataPathError.open(path: path, errno: errno) }
        var info = stat()
        guard fstat(buffered, &info) == 0 else {
            close(buffered)
            throw DataPathError.open(path: path, errno: errno)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFBLK: kind = .blockDevice
        default:
            close(buffered)
            throw DataPathError.notFileOrBlockDevice(path: path)
        }
        var readOnly: Int32 = 0
        if writable, kind == .blockDevice, ember_blk_roget(buffered, &readOnly) == 0, readOnly != 0 {
            close(buffered)
            throw DataPathError.open(path: path, errno: EROFS)
        }
        self.path = path
        self.writable = writable
        bufferedFD = buffered
        (size, logicalBlockSize, physicalBlockSize) = Self.geometry(buffered, kind: kind, info: info)
        let directFD = direct ? open(path, access | O_CLOEXEC | ember_o_direct()) : -1
        if directFD >= 0 {
            fd = directFD
            directIOFallback = nil
        } else {
            fd = buffered
            directIOFallback = direct ? "O_DIRECT refused: \(SystemError.message(errno))" : "O_DIRECT not requested"
        }
        sparseMap =
            kind == .file
            ? SparseMap(fd: buffered, offset: 0, ownsFD: false, flushesDevice: false) : SparseMap.ofLoopDevice(info.st_rdev)
        capabilities = DeviceCapabilities.probe(fd: buffered, kind: kind, sparseMap: sparseMap != nil)
    }

    deinit {
        if fd != bufferedFD { close(fd) }
        close(bufferedFD)
    }

    /// The alignment O_DIRECT transfers need on this device (1 when buffered).
    public var alignment: Int { directIO ? max(logicalBlockSize, 512) : 1 }

    private static func geometry(_ fd: Int32, kind: Kind, info: stat) -> (UInt64, Int, Int) {
        guard kind == .blockDevice else {
            let block = max(Int(info.st_blksize), 512)
            return (UInt64(info.st_size), 512, block)
        }
        var bytes: UInt64 = 0
        var logical: Int32 = 512
        var physical: UInt32 = 4096
        _ = ember_blk_getsize64(fd, &bytes)
        _ = ember_blk_sszget(fd, &logical)
        _ = ember_blk_pbszget(fd, &physical)
        return (bytes, Int(logical), Int(physical))
    }
}

/// What a device can do besides reading and writing, as probed when it is opened.
public struct DeviceCapabilities: Codable, Sendable, Equatable {
    /// Zeroes a range without writing it (BLKZEROOUT on a device, fallocate on a file).
    public var zeroOffload: Bool
    /// Discards a range (BLKDISCARD, or punching holes in a file).
    public var discard: Bool
    /// Discarded ranges read back as zeroes (always true for punched holes in files).
    public var discardZeroes: Bool
    /// The filesystem may share extents between files (FICLONE): XFS or btrfs.
    public var reflink: Bool
    /// SEEK_DATA / SEEK_HOLE report the allocated extents (of the file, or of a loop device's backing file).
    public var sparseMap: Bool

    static let xfsMagic: Int = 0x5846_5342
    static let btrfsMagic: Int = 0x9123_683E

    static func probe(fd: Int32, kind: Device.Kind, sparseMap: Bool) -> DeviceCapabilities {
        switch kind {
        case .blockDevice:
            // BLKZEROOUT always guarantees zeroes (the kernel writes them when the device cannot offload).
            let discardZeroes = ember_blk_discard_zeroes(fd) == 1
            return DeviceCapabilities(zeroOffload: true, discard: true, discardZeroes: discardZeroes, reflink: false, sparseMap: sparseMap)
        case .file:
            let type = ember_fs_type(fd)
            return DeviceCapabilities(
                zeroOffload: true, discard: true, discardZeroes: true,
                reflink: type == xfsMagic || type == btrfsMagic, sparseMap: sparseMap)
        }
    }
}
