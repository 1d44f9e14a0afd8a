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
    public var length: Int
    public var offset: UInt64
    /// Returned with the completion; the pipelines encode what to do next in it.
    public var tag: UInt64

    public init(_ direction: Direction, fd: Int32, bufferIndex: Int, length: Int, offset: UInt64, tag: UInt64) {
        self.direction = direction
        self.fd = fd
        self.bufferIndex = bufferIndex
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
}

/// Creates engines: the requested kind, or the best the kernel offers.
public enum IOEngines {
    /// Probes io_uring, then libaio; sync always works.
    public static func best() -> IOEngineKind {
        if (try? UringEngine(queueDepth: 2)) != nil { return .uring }
        if (try? AIOEngine(queueDepth: 2)) != nil { return .aio }
        return .sync
    }

    public static func make(_ kind: IOEngineKind?, queueDepth: Int) throws -> any IOEngine {
        switch kind ?? best() {
        case .uring: try UringEngine(queueDepth: queueDepth)
        case .aio: try AIOEngine(queueDepth: queueDepth)
        case .sync: SyncEngine(queueDepth: queueDepth)
        }
    }
}
