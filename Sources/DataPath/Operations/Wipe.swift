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

/// Zeroes whole devices: what a deleted thick volume gets before its space is reused.
public enum Wipe {
    public static func run(_ device: Device, method: WipeMethod = .auto, options: TransferOptions = TransferOptions()) throws -> OperationReport {
        guard device.writable else { throw DataPathError.open(path: device.path, errno: EBADF) }
        let meter = TransferMeter(total: device.size, options: options)
        switch method {
        case .none:
            return meter.report(operation: "wipe", method: "none", engine: nil, directIO: device.directIO)
        case .offload:
            let name = try offload(device, meter: meter)
            return meter.report(operation: "wipe", method: name, engine: nil, directIO: device.directIO)
        case .auto:
            if let name = try? offload(device, meter: meter) {
                return meter.report(operation: "wipe", method: name, engine: nil, directIO: device.directIO)
            }
            return try write(device, meter: meter, options: options)
        case .write:
            return try write(device, meter: meter, options: options)
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

    /// Zeroes by offload in 1 GiB steps (so cancellation is noticed); the name of the method used.
    static func offload(_ device: Device, meter: TransferMeter) throws -> String {
        let step: UInt64 = 1 << 30
        var offset: UInt64 = 0
        let name = device.kind == .blockDevice ? "blkzeroout" : "punch_hole"
        while offset < device.size {
            if meter.isCancelled { throw DataPathError.cancelled(bytesDone: meter.done) }
            let length = min(step, device.size - offset)
            let result = device.kind == .blockDevice
                ? ember_blk_zeroout(device.bufferedFD, offset, length)
                : ember_fallocate(device.bufferedFD, ember_falloc_punch_hole() | ember_falloc_keep_size(), offset, length)
            guard result == 0 else {
                let err = errno
                if err == EOPNOTSUPP || err == ENOTTY || err == EINVAL {
                    throw DataPathError.unsupported(method: name, reason: SystemError.message(err))
                }
                throw DataPathError.io(operation: name, path: device.path, offset: offset, errno: err)
            }
            meter.advance(length)
            offset += length
        }
        return name
    }

    static func write(_ device: Device, meter: TransferMeter, options: TransferOptions) throws -> OperationReport {
        let engine = try IOEngines.make(options.engine, queueDepth: options.queueDepth)
        let pool = try BufferPool(count: 0, bufferSize: options.blockSize)  // every write sends the zero buffer
        try engine.register(buffers: pool, files: [device.fd])
        let alignedEnd = Tail.alignedEnd(device.size, alignment: device.alignment)
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
        try Tail.write(zeroesTo: device, range: alignedEnd..<device.size)
        meter.written += device.size - alignedEnd
        if !device.directIO { try Tail.sync(device) }
        meter.advance(device.size - alignedEnd)
        return meter.report(operation: "wipe", method: "write", engine: engine, directIO: device.directIO)
    }
}
