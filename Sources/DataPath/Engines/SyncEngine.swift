#if canImport(Glibc)
import Glibc
#endif

/// pread / pwrite, one request at a time: the fallback that works everywhere, and the baseline.
public final class SyncEngine: IOEngine {
    public let kind = IOEngineKind.sync
    public let queueDepth: Int
    private var buffers: BufferPool?
    private var queued: [IORequest] = []

    public init(queueDepth: Int) {
        self.queueDepth = max(queueDepth, 1)
    }

    public func register(buffers: BufferPool, files: [Int32]) throws {
        self.buffers = buffers
    }

    public func enqueue(_ request: IORequest) throws {
        queued.append(request)
    }

    public func submitAndReap(minimum: Int) throws -> [IOCompletion] {
        guard let buffers else { throw DataPathError.engine("sync engine used before register") }
        defer { queued.removeAll(keepingCapacity: true) }
        return queued.map { request in
            let pointer = buffers.address(of: request)
            let moved =
                switch request.direction {
                case .read: pread(request.fd, pointer, request.length, off_t(request.offset))
                case .write: pwrite(request.fd, pointer, request.length, off_t(request.offset))
                }
            return IOCompletion(tag: request.tag, result: moved < 0 ? -Int(errno) : moved)
        }
    }
}
