#if canImport(Glibc)
import Glibc
#endif

/// A fixed set of page-aligned buffers for in-flight I/O: memory is bounded by count x size.
///
/// Buffer 0 is kept all zeroes (wipes write it, copies compare against it); the others carry data.
public final class BufferPool {
    public let bufferSize: Int
    public let count: Int
    public let base: UnsafeMutableRawPointer

    /// `count` data buffers of `bufferSize` bytes plus the zero buffer.
    public init(count: Int, bufferSize: Int) throws {
        self.count = count + 1
        self.bufferSize = bufferSize
        var memory: UnsafeMutableRawPointer?
        let result = posix_memalign(&memory, 4096, self.count * bufferSize)
        guard result == 0, let memory else { throw DataPathError.engine("cannot allocate \(self.count) x \(bufferSize) bytes of aligned buffers") }
        memset(memory, 0, bufferSize)
        base = memory
    }

    deinit { free(base) }

    public func buffer(_ index: Int) -> UnsafeMutableRawPointer { base + index * bufferSize }
    public var zeroBuffer: UnsafeMutableRawPointer { base }
    public static let zeroIndex = 0
    public var dataIndices: Range<Int> { 1..<count }

    /// Whether the first `length` bytes of buffer `index` are all zero.
    public func isZero(_ index: Int, length: Int) -> Bool {
        memcmp(buffer(index), zeroBuffer, length) == 0
    }
}
