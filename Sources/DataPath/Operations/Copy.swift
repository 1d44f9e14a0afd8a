import CShims

#if canImport(Glibc)
import Glibc
#endif

/// What a copy may do besides reading and writing every block.
public struct CopyMode: Sendable, Equatable {
    /// Skip holes and all-zero blocks when the destination reads as zeroes (a fresh sparse file, or a
    /// device this copy zeroes by offload first); write everything otherwise.
    public var sparse: Bool
    /// The caller knows the destination already reads as zeroes (say, a device just wiped by offload).
    public var destinationZeroed: Bool
    /// Allow copy_file_range between files on one filesystem (which may share extents, as reflink does).
    public var allowSharing: Bool

    public init(sparse: Bool = true, destinationZeroed: Bool = false, allowSharing: Bool = false) {
        self.sparse = sparse
        self.destinationZeroed = destinationZeroed
        self.allowSharing = allowSharing
    }
}

/// Copies a device's content onto another: reads and writes in flight together, skipping what
/// need not be written.
public enum Copy {
    /// The smallest all-zero piece of a block a sparse copy leaves unwritten: small enough that zeroes
    /// inside a large block are found, large enough that data is not cut into tiny writes.
    static let zeroGranule = 64 << 10

    public static func run(
        from source: Device, to destination: Device, mode: CopyMode = CopyMode(),
        options: TransferOptions = TransferOptions()
    ) throws -> OperationReport {
        guard destination.writable else { throw DataPathError.open(path: destination.path, errno: EBADF) }
        guard destination.size >= source.size else {
            throw DataPathError.destinationTooSmall(source: source.size, destination: destination.size)
        }
        let meter = TransferMeter(total: source.size, options: options)
        if mode.allowSharing, source.kind == .file, destination.kind == .file, sameFilesystem(source, destination) {
            try copyFileRange(from: source, to: destination, meter: meter)
            return try finish(meter, method: "copy_file_range", engine: nil, source, destination, options)
        }
        let skipZeroes = mode.sparse && (mode.destinationZeroed || Extents.isAllHole(destination) || zeroByOffload(destination, options))
        let engine = try IOEngines.make(options.engine, queueDepth: options.queueDepth)
        try pipelined(from: source, to: destination, skipZeroes: skipZeroes, engine: engine, meter: meter, options: options)
        return try finish(meter, method: skipZeroes ? "pipelined_sparse" : "pipelined", engine: engine, source, destination, options)
    }

    static func pipelined(
        from source: Device, to destination: Device, skipZeroes: Bool, engine: any IOEngine,
        meter: TransferMeter, options: TransferOptions
    ) throws {
        let pool = try BufferPool(count: engine.queueDepth, bufferSize: options.blockSize, residency: options.bufferResidency)
        try engine.register(buffers: pool, files: [source.fd, destination.fd])
        let alignment = max(source.alignment, destination.alignment)
        let alignedEnd = Tail.alignedEnd(source.size, alignment: alignment)
        let ranges = skipZeroes ? Extents.data(of: source, limit: alignedEnd, alignment: alignment) : [0..<alignedEnd]
        meter.skipped = alignedEnd - ranges.reduce(0) { $0 + UInt64($1.count) }
        meter.advance(meter.skipped, moved: false)
        // The runs of each slot's block still to write, the one in flight first.
        var unwritten = Array(repeating: ArraySlice<Range<Int>>(), count: pool.count)
        var pipeline = Pipeline(engine: engine, meter: meter) { $0.fd == source.fd ? source.path : destination.path }
        pipeline.release = { engine.release(buffer: $0, of: pool) }
        try pipeline.run(
            ranges.lazy.flatMap { Pipeline.chunks($0, blockSize: options.blockSize) },
            start: { chunk, slot in
                IORequest(.read, fd: source.fd, bufferIndex: slot, length: chunk.length, offset: chunk.offset, tag: 0)
            },
            next: { chunk, slot, finished in
                if finished == .read {
                    let runs = skipZeroes ? pool.dataRuns(slot, length: chunk.length, granule: zeroGranule) : [0..<chunk.length]
                    meter.skipped += UInt64(chunk.length - runs.reduce(0) { $0 + $1.count })
                    unwritten[slot] = runs[...]
                } else {
                    meter.written += UInt64(unwritten[slot].removeFirst().count)
                }
                guard let run = unwritten[slot].first else {
                    meter.advance(UInt64(chunk.length))
                    return nil
                }
                return IORequest(
                    .write, fd: destination.fd, bufferIndex: slot, bufferOffset: run.lowerBound, length: run.count,
                    offset: chunk.offset + UInt64(run.lowerBound), tag: 0)
            })
        let tail = try Tail.copy(alignedEnd..<source.size, from: source, to: destination, skipZeroes: skipZeroes)
        meter.written += tail
        meter.skipped += (source.size - alignedEnd) - tail
        meter.advance(source.size - alignedEnd)
        if !destination.directIO { try Tail.sync(destination) }
    }

    /// Zeroes the destination by offload so holes need not be written; false when it has no offload.
    /// It shares the copy's cancellation but not its progress or rate limit, which count source bytes.
    private static func zeroByOffload(_ destination: Device, _ options: TransferOptions) -> Bool {
        let quiet = TransferOptions(cancellation: options.cancellation)
        return (try? Wipe.offload(destination, end: destination.size, meter: TransferMeter(total: destination.size, options: quiet))) != nil
    }

    private static func copyFileRange(from source: Device, to destination: Device, meter: TransferMeter) throws {
        var inOffset: Int64 = 0
        var outOffset: Int64 = 0
        while UInt64(inOffset) < source.size {
            if meter.isCancelled { throw DataPathError.cancelled(bytesDone: meter.done) }
            let want = Int(min(meter.step(largest: 1 << 30), source.size - UInt64(inOffset)))
            let copied = ember_copy_file_range(source.bufferedFD, &inOffset, destination.bufferedFD, &outOffset, want)
            guard copied > 0 else {
                throw DataPathError.io(operation: "copy_file_range", path: destination.path, offset: UInt64(outOffset), errno: copied < 0 ? errno : EIO)
            }
            meter.written += UInt64(copied)
            meter.advance(UInt64(copied))
        }
        try Tail.sync(destination)
    }

    private static func finish(
        _ meter: TransferMeter, method: String, engine: (any IOEngine)?, _ source: Device,
        _ destination: Device, _ options: TransferOptions
    ) throws -> OperationReport {
        var verified = false
        if options.verify {
            let sums = try (Checksum.of(source, length: source.size, options: options), Checksum.of(destination, length: source.size, options: options))
            guard sums.0 == sums.1 else { throw DataPathError.verificationFailed(source: sums.0, destination: sums.1) }
            verified = true
        }
        return meter.report(operation: "copy", method: method, engine: engine, directIO: source.directIO && destination.directIO, verified: verified)
    }

    static func sameFilesystem(_ a: Device, _ b: Device) -> Bool {
        var first = stat()
        var second = stat()
        return fstat(a.bufferedFD, &first) == 0 && fstat(b.bufferedFD, &second) == 0 && first.st_dev == second.st_dev
    }
}
