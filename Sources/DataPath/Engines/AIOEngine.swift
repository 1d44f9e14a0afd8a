import CShims

/// Linux AIO (libaio): kernel-asynchronous O_DIRECT I/O for kernels without io_uring.
public final class AIOEngine: IOEngine {
    public let kind = IOEngineKind.aio
    public let queueDepth: Int
    private let context: OpaquePointer
    private var buffers: BufferPool?
    private var freeSlots: [UInt32]
    private var slotTags: [UInt64]
    private var slots: [UInt32]
    private var results: [Int]

    public init(queueDepth: Int) throws {
        var error: Int32 = 0
        guard let context = ember_aio_create(UInt32(max(queueDepth, 1)), &error) else {
            throw DataPathError.engine("Linux AIO is unavailable: \(SystemError.message(error))")
        }
        self.context = context
        self.queueDepth = max(queueDepth, 1)
        freeSlots = (0..<UInt32(self.queueDepth)).reversed()
        slotTags = Array(repeating: 0, count: self.queueDepth)
        slots = Array(repeating: 0, count: self.queueDepth)
        results = Array(repeating: 0, count: self.queueDepth)
    }

    deinit { ember_aio_destroy(context) }

    public func register(buffers: BufferPool, files: [Int32]) throws {
        self.buffers = buffers
    }

    public func enqueue(_ request: IORequest) throws {
        guard let buffers, let slot = freeSlots.popLast() else {
            throw DataPathError.engine("AIO engine has no free request slot (\(queueDepth) in flight)")
        }
        slotTags[Int(slot)] = request.tag
        let result = ember_aio_prep(
            context, slot, request.fd, request.direction == .write ? 1 : 0, buffers.address(of: request),
            request.length, request.offset)
        guard result == 0 else { throw DataPathError.engine("AIO prepare failed: \(SystemError.message(-result))") }
    }

    public func submitAndReap(minimum: Int) throws -> [IOCompletion] {
        let submitted = ember_aio_submit(context)
        guard submitted >= 0 else { throw DataPathError.engine("io_submit failed: \(SystemError.message(-submitted))") }
        let count = ember_aio_getevents(context, Int32(minimum), Int32(queueDepth), &slots, &results)
        guard count >= 0 else { throw DataPathError.engine("io_getevents failed: \(SystemError.message(-count))") }
        return (0..<Int(count)).map { index in
            let slot = slots[index]
            freeSlots.append(slot)
            return IOCompletion(tag: slotTags[Int(slot)], result: results[index])
        }
    }
}
