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

    /// Where a request's bytes are: its buffer, from its offset.
    public func address(of request: IORequest) -> UnsafeMutableRawPointer {
        buffer(request.bufferIndex) + request.bufferOffset
    }

    /// The parts of the first `length` bytes of buffer `index` that are not all zero, as runs of whole
    /// `granule`-sized pieces (the last may be shorter), adjacent runs merged. Each piece is compared
    /// with the start of the zero buffer, which stays in cache, so only the data is read from memory.
    public func dataRuns(_ index: Int, length: Int, granule: Int) -> [Range<Int>] {
        let piece = min(granule, bufferSize)
        let data = buffer(index)
        var runs: [Range<Int>] = []
        for start in stride(from: 0, to: length, by: piece) {
            let end = min(start + piece, length)
            guard memcmp(data + start, zeroBuffer, end - start) != 0 else { continue }
            if let last = runs.last, last.upperBound == start {
                runs[runs.count - 1] = last.lowerBound..<end
            } else {
                runs.append(start..<end)
            }
        }
        return runs
    }
}
