#if canImport(Glibc)
import Glibc
#endif

/// A fixed set of page-aligned buffers for in-flight I/O: memory is bounded by count x size.
///
/// Buffer 0 is kept all zeroes (wipes write it, copies compare against it); the others carry data.
public final class BufferPool {
    /// Whether an engine may pin every buffer for the operation's whole run (io_uring's fixed buffers:
    /// no page pinning per request), or only those in use, so that `release` can hand pages back.
    public enum Residency { case pinned, onDemand }

    public let bufferSize: Int
    public let count: Int
    public let base: UnsafeMutableRawPointer
    public let residency: Residency
    private let mapped: Int

    /// `count` data buffers of `bufferSize` bytes plus the zero buffer, mapped but not touched: a
    /// buffer takes memory when first used.
    public init(count: Int, bufferSize: Int, residency: Residency = .pinned) throws {
        self.count = count + 1
        self.bufferSize = bufferSize
        self.residency = residency
        mapped = self.count * bufferSize
        let memory = mmap(nil, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let memory, memory != MAP_FAILED else {
            throw DataPathError.engine("cannot map \(self.count) x \(bufferSize) bytes of buffers")
        }
        base = memory
    }

    deinit { munmap(base, mapped) }

    /// Hands buffer `index`'s pages back to the system (they read as zeroes when next touched); only
    /// for an `.onDemand` pool and a buffer with no request in flight.
    public func release(_ index: Int) {
        guard residency == .onDemand, dataIndices.contains(index) else { return }
        _ = madvise(buffer(index), bufferSize, MADV_DONTNEED)
    }

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
