import CShims

#if canImport(Glibc)
import Glibc
#endif

/// io_uring: requests go to the kernel in batches, with the buffers and descriptors registered once
/// (fixed buffers and files), so each request costs no page pinning and no fd lookup.
public final class UringEngine: IOEngine {
    public let kind = IOEngineKind.uring
    public let queueDepth: Int
    private let ring: OpaquePointer
    private var buffers: BufferPool?
    private var fixedBuffers = false
    /// For an `.onDemand` pool: which slots of the sparse buffer table hold their buffer now.
    private var registered: [Bool]?
    private var fileIndex: [Int32: Int32] = [:]
    private var tags: [UInt64]
    private var results: [Int32]

    public init(queueDepth: Int) throws {
        var error: Int32 = 0
        guard let ring = ember_ring_create(UInt32(max(queueDepth, 1)), 0, &error) else {
            throw DataPathError.engine("io_uring is unavailable: \(SystemError.message(error))")
        }
        self.ring = ring
        self.queueDepth = queueDepth
        tags = Array(repeating: 0, count: 256)
        results = Array(repeating: 0, count: 256)
    }

    // The ring's own teardown runs after close, in the kernel's background, and holds registered files
    // until it does: a filesystem could not be unmounted right after an operation on it (seen; an LV's
    // removal would meet the same open file). Unregistering first drops them before the engine is gone.
    deinit {
        if !fileIndex.isEmpty { _ = ember_ring_unregister_files(ring) }
        ember_ring_destroy(ring)
    }

    public func register(buffers: BufferPool, files: [Int32]) throws {
        self.buffers = buffers
        if buffers.residency == .pinned {
            var vectors = (0..<buffers.count).map { iovec(iov_base: buffers.buffer($0), iov_len: buffers.bufferSize) }
            // Registration can fail under a low RLIMIT_MEMLOCK; plain reads and writes still work then.
            fixedBuffers = ember_ring_register_buffers(ring, &vectors, UInt32(vectors.count)) == 0
        } else if ember_ring_register_buffers_sparse(ring, UInt32(buffers.count)) == 0 {
            // Each buffer is pinned when first used and unpinned by `release`: plain (unregistered)
            // direct I/O was measured slower and unfair between operations sharing a device.
            fixedBuffers = true
            registered = Array(repeating: false, count: buffers.count)
        }
        let unique = Array(Set(files))
        if ember_ring_register_files(ring, unique, UInt32(unique.count)) == 0 {
            for (index, fd) in unique.enumerated() { fileIndex[fd] = Int32(index) }
        }
    }

    public func enqueue(_ request: IORequest) throws {
        guard let buffers else { throw DataPathError.engine("io_uring engine used before register") }
        let pointer = buffers.address(of: request)
        let fixedFile = fileIndex[request.fd]
        let fd = fixedFile ?? request.fd
        let isFixed: Int32 = fixedFile == nil ? 0 : 1
        let length = UInt32(request.length)
        let fixed = fixedBuffers && pin(request.bufferIndex, of: buffers)
        let result: Int32 =
            switch (request.direction, fixed) {
            case (.read, true): ember_ring_prep_read_fixed(ring, fd, isFixed, pointer, length, request.offset, Int32(request.bufferIndex), request.tag)
            case (.write, true): ember_ring_prep_write_fixed(ring, fd, isFixed, pointer, length, request.offset, Int32(request.bufferIndex), request.tag)
            case (.read, false): ember_ring_prep_read(ring, fd, isFixed, pointer, length, request.offset, request.tag)
            case (.write, false): ember_ring_prep_write(ring, fd, isFixed, pointer, length, request.offset, request.tag)
            }
        guard result == 0 else { throw DataPathError.engine("io_uring submission queue full (\(queueDepth) in flight)") }
    }

    /// Whether buffer `index` is in the registered table, putting it there if the table is sparse.
    private func pin(_ index: Int, of buffers: BufferPool) -> Bool {
        guard let registered, !registered[index] else { return true }
        var vector = iovec(iov_base: buffers.buffer(index), iov_len: buffers.bufferSize)
        guard ember_ring_set_buffer(ring, UInt32(index), &vector) == 0 else { return false }
        self.registered?[index] = true
        return true
    }

    public func release(buffer index: Int, of pool: BufferPool) {
        if registered?[index] == true {
            var empty = iovec(iov_base: nil, iov_len: 0)
            if ember_ring_set_buffer(ring, UInt32(index), &empty) == 0 { registered?[index] = false }
        }
        pool.release(index)
    }

    public func submitAndReap(minimum: Int) throws -> [IOCompletion] {
        let submitted = ember_ring_submit_and_wait(ring, UInt32(minimum))
        guard submitted >= 0 || submitted == -EINTR else {
            throw DataPathError.engine("io_uring submit failed: \(SystemError.message(-submitted))")
        }
        var completions: [IOCompletion] = []
        while true {
            let count = Int(ember_ring_peek_batch(ring, &tags, &results, UInt32(tags.count)))
            for index in 0..<count { completions.append(IOCompletion(tag: tags[index], result: Int(results[index]))) }
            if count < tags.count { break }
        }
        return completions
    }
}
