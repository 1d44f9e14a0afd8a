/// Which engine moves the bytes.
public enum IOEngineKind: String, Codable, Sendable, CaseIterable {
    case uring, aio, sync
}

/// One read or write to put in flight.
public struct IORequest {
    public enum Direction { case read, write }

    public var direction: Direction
    public var fd: Int32
    public var bufferIndex: Int
    /// Where in that buffer the request's bytes start (a copy writes only a block's non-zero runs).
    public var bufferOffset: Int
    public var length: Int
    public var offset: UInt64
    /// Returned with the completion; the pipelines encode what to do next in it.
    public var tag: UInt64

    public init(_ direction: Direction, fd: Int32, bufferIndex: Int, bufferOffset: Int = 0, length: Int, offset: UInt64, tag: UInt64) {
        self.direction = direction
        self.fd = fd
        self.bufferIndex = bufferIndex
        self.bufferOffset = bufferOffset
        self.length = length
        self.offset = offset
        self.tag = tag
    }
}

/// A finished request: its tag, and the bytes moved or a negative errno.
public struct IOCompletion: Equatable {
    public var tag: UInt64
    public var result: Int
}

/// Moves blocks between buffers and descriptors, many requests in flight at once.
///
/// The pipelines (wipe, copy, checksum) decide what to read and write; an engine only queues,
/// submits and reaps. One engine serves one operation on one thread.
public protocol IOEngine: AnyObject {
    var kind: IOEngineKind { get }
    /// How many requests may be in flight at once.
    var queueDepth: Int { get }
    /// Called once before any request, with the buffers and descriptors the operation uses,
    /// so that engines which can register them (io_uring) do.
    func register(buffers: BufferPool, files: [Int32]) throws
    func enqueue(_ request: IORequest) throws
    /// Submits what is queued, waits until at least `minimum` requests are done, returns every completion ready.
    func submitAndReap(minimum: Int) throws -> [IOCompletion]
    /// Hands buffer `index` of an `.onDemand` pool back to the system; it has no request in flight.
    func release(buffer index: Int, of pool: BufferPool)
}

extension IOEngine {
    public func release(buffer index: Int, of pool: BufferPool) { pool.release(index) }
}

/// Creates engines: the requested kind, or the best the kernel offers.
public enum IOEngines {
    /// The engine `make(nil, ...)` would pick here.
    public static func best() -> IOEngineKind {
        (try? make(nil, queueDepth: 2))?.kind ?? .sync
    }

    /// The requested engine, or with nil the first that sets up: io_uring, then libaio, then sync.
    public static func make(_ kind: IOEngineKind?, queueDepth: Int) throws -> any IOEngine {
        switch kind {
        case .uring?: return try UringEngine(queueDepth: queueDepth)
        case .aio?: return try AIOEngine(queueDepth: queueDepth)
        case .sync?: return SyncEngine(queueDepth: queueDepth)
        case nil:
            if let engine = try? UringEngine(queueDepth: queueDepth) { return engine }
            if let engine = try? AIOEngine(queueDepth: queueDepth) { return engine }
            return SyncEngine(queueDepth: queueDepth)
        }
    }
}
