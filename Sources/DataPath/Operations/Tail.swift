#if canImport(Glibc)
import Glibc
#endif

/// The end of a device that O_DIRECT cannot reach (its size is not a multiple of the alignment),
/// moved through the buffered descriptors.
enum Tail {
    /// The part of `size` that aligned requests can cover.
    static func alignedEnd(_ size: UInt64, alignment: Int) -> UInt64 {
        size / UInt64(alignment) * UInt64(alignment)
    }

    static func write(zeroesTo device: Device, range: Range<UInt64>) throws {
        guard !range.isEmpty else { return }
        let zeroes = [UInt8](repeating: 0, count: Int(range.count))
        try writeAll(zeroes, to: device, at: range.lowerBound)
        try sync(device)
    }

    /// Copies `range`; returns the bytes written (0 when skipped as zero into a zeroed destination).
    static func copy(_ range: Range<UInt64>, from source: Device, to destination: Device, skipZeroes: Bool) throws -> UInt64 {
        guard !range.isEmpty else { return 0 }
        let bytes = try read(source, range)
        if skipZeroes, bytes.allSatisfy({ $0 == 0 }) { return 0 }
        try writeAll(bytes, to: destination, at: range.lowerBound)
        try sync(destination)
        return UInt64(bytes.count)
    }

    static func read(_ device: Device, _ range: Range<UInt64>) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Int(range.count))
        let got = bytes.withUnsafeMutableBytes { pread(device.bufferedFD, $0.baseAddress, $0.count, off_t(range.lowerBound)) }
        guard got >= 0 else { throw DataPathError.io(operation: "read", path: device.path, offset: range.lowerBound, errno: errno) }
        guard got == bytes.count else {
            throw DataPathError.shortTransfer(operation: "read", path: device.path, offset: range.lowerBound, expected: bytes.count, got: got)
        }
        return bytes
    }

    private static func writeAll(_ bytes: [UInt8], to device: Device, at offset: UInt64) throws {
        let put = bytes.withUnsafeBytes { pwrite(device.bufferedFD, $0.baseAddress, $0.count, off_t(offset)) }
        guard put >= 0 else { throw DataPathError.io(operation: "write", path: device.path, offset: offset, errno: errno) }
        guard put == bytes.count else {
            throw DataPathError.shortTransfer(operation: "write", path: device.path, offset: offset, expected: bytes.count, got: put)
        }
    }

    /// Makes buffered writes durable, as O_DIRECT ones already are.
    static func sync(_ device: Device) throws {
        guard fdatasync(device.bufferedFD) == 0 else {
            throw DataPathError.io(operation: "fdatasync", path: device.path, offset: 0, errno: errno)
        }
    }
}
