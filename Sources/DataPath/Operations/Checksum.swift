/// A 64-bit checksum of a device's first `length` bytes, read through the same pipelined engine.
///
/// Each block's hash is mixed with its offset and the results summed, so the order in which reads
/// complete does not matter. It detects corruption and misplaced blocks; it is not cryptographic.
public enum Checksum {
    public static func of(_ device: Device, length: UInt64, options: TransferOptions = TransferOptions()) throws -> UInt64 {
        var options = options
        options.bytesPerSecond = nil
        options.progress = nil
        let engine = try IOEngines.make(options.engine, queueDepth: options.queueDepth)
        let pool = try BufferPool(count: engine.queueDepth, bufferSize: options.blockSize, residency: options.bufferResidency)
        try engine.register(buffers: pool, files: [device.fd])
        let meter = TransferMeter(total: length, options: options)
        let alignedEnd = Tail.alignedEnd(length, alignment: device.alignment)
        var sum: UInt64 = 0
        var pipeline = Pipeline(engine: engine, meter: meter) { _ in device.path }
        pipeline.release = { engine.release(buffer: $0, of: pool) }
        try pipeline.run(
            Pipeline.chunks(0..<alignedEnd, blockSize: options.blockSize),
            start: { chunk, slot in IORequest(.read, fd: device.fd, bufferIndex: slot, length: chunk.length, offset: chunk.offset, tag: 0) },
            next: { chunk, slot, _ in
                sum &+= mix(hash(UnsafeRawBufferPointer(start: pool.buffer(slot), count: chunk.length)), chunk.offset)
                return nil
            })
        if alignedEnd < length {
            let tail = try Tail.read(device, alignedEnd..<length)
            sum &+= tail.withUnsafeBytes { mix(hash($0), alignedEnd) }
        }
        return sum
    }

    /// FNV-style hash over 8-byte words, then the remaining bytes.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let words = bytes.count / 8
        for index in 0..<words {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* 0x0000_0100_0000_01B3
        }
        for index in (words * 8)..<bytes.count { h = (h ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3 }
        return h
    }

    static func mix(_ hash: UInt64, _ offset: UInt64) -> UInt64 {
        var x = hash ^ (offset &* 0x9E37_79B9_7F4A_7C15)
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }
}
