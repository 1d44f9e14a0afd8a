import CShims

#if canImport(Glibc)
import Glibc
#endif

/// How a wipe zeroes a device.
public enum WipeMethod: String, Codable, Sendable, CaseIterable {
    /// An offload when the device has one that guarantees zeroes, else writes.
    case auto
    /// BLKZEROOUT on a block device, a punched hole on a file; an error if neither works.
    case offload
    /// Pipelined O_DIRECT writes of a registered zero buffer.
    case write
    /// Leaves the data in place (Cinder's volume_clear = none).
    case none
}

/// Zeroes devices: what a deleted thick volume gets before its space is reused.
public enum Wipe {
    /// Zeroes the first `length` bytes of `device` (all of it when nil or larger: Cinder's
    /// `volume_clear_size` of 0).
    public static func run(
        _ device: Device, method: WipeMethod = .auto, options: TransferOptions = TransferOptions(),
        length: UInt64? = nil
    ) throws -> OperationReport {
        guard device.writable else { throw DataPathError.open(path: device.path, errno: EBADF) }
        let end = min(length ?? device.size, device.size)
        let meter = TransferMeter(total: end, options: options)
        switch method {
        case .none:
            return meter.report(operation: "wipe", method: "none", engine: nil, directIO: device.directIO)
        case .offload:
            let name = try offload(device, end: end, meter: meter)
            return meter.report(operation: "wipe", method: name, engine: nil, directIO: device.directIO)
        case .auto:
            if let name = try? offload(device, end: end, meter: meter) {
                return meter.report(operation: "wipe", method: name, engine: nil, directIO: device.directIO)
            }
            return try write(device, end: end, meter: meter, options: options)
        case .write:
            return try write(device, end: end, meter: meter, options: options)
        }
    }

    /// Discards a whole block device (BLKDISCARD): a thin LV's blocks go back to its pool. It promises
    /// nothing about what the range reads as afterwards, so it is never reported as a wipe.
    public static func discard(_ device: Device) throws {
        guard device.writable else { throw DataPathError.open(path: device.path, errno: EBADF) }
        var offset: UInt64 = 0
        while offset < device.size {
            let length = min(1 << 30, device.size - offset)
            guard ember_blk_discard(device.bufferedFD, offset, length) == 0 else {
                throw DataPathError.io(operation: "discard", path: device.path, offset: offset, errno: errno)
            }
            offset += length
        }
    }

    /// Zeroes `0..<end` by offload in 1 GiB steps (so cancellation is noticed); the name of the method used.
    static func offload(_ device: Device, end: UInt64, meter: TransferMeter) throws -> String {
        let step: UInt64 = 1 << 30
        var offset: UInt64 = 0
        let name = device.kind == .blockDevice ? "blkzeroout" : "punch_hole"
        while offset < end {
            if meter.isCancelled { throw DataPathError.cancelled(bytesDone: meter.done) }
            let length = min(step, end - offset)
            let result =
                device.kind == .blockDevice
                ? ember_blk_zeroout(device.bufferedFD, offset, length)
                : ember_fallocate(device.bufferedFD, ember_falloc_punch_hole() | ember_falloc_keep_size(), offset, length)
            guard result == 0 else {
                let err = errno
                if err == EOPNOTSUPP || err == ENOTTY || err == EINVAL {
                    throw DataPathError.unsupported(method: name, reason: SystemError.message(err))
                }
                throw DataPathError.io(operation: name, path: device.path, offset: offset, errno: err)
            }
            meter.advance(length, moved: false)
            offset += length
        }
        return name
    }

    /// Zeroes `0..<end` with pipelined direct writes of the registered zero buffer, the unaligned tail by hand.
    static func write(_ device: Device, end: UInt64, meter: TransferMeter, options: TransferOptions) throws -> OperationReport {
        let engine = try IOEngines.make(options.engine, queueDepth: options.queueDepth)
        let pool = try BufferPool(count: 0, bufferSize: options.blockSize)  // every write sends the zero buffer
        try engine.register(buffers: pool, files: [device.fd])
        let alignedEnd = Tail.alignedEnd(end, alignment: device.alignment)
        let pipeline = Pipeline(engine: engine, meter: meter) { _ in device.path }
        try pipeline.run(
            Pipeline.chunks(0..<alignedEnd, blockSize: options.blockSize),
            start: { chunk, _ in
                IORequest(.write, fd: device.fd, bufferIndex: BufferPool.zeroIndex, length: chunk.length, offset: chunk.offset, tag: 0)
            },
            next: { chunk, _, _ in
                meter.written += UInt64(chunk.length)
                meter.advance(UInt64(chunk.length))
                return nil
            })
        try Tail.write(zeroesTo: device, range: alignedEnd..<end)
        meter.written += end - alignedEnd
        if !device.directIO { try Tail.sync(device) }
        meter.advance(end - alignedEnd)
        return meter.report(operation: "wipe", method: "write", engine: engine, directIO: device.directIO)
    }
}
