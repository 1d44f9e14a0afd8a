import Synchronization

/// How an operation runs: engine, pipeline shape, rate limit, checks and hooks.
public struct TransferOptions: Sendable {
    /// nil picks the best engine the kernel offers (io_uring, then libaio, then sync).
    public var engine: IOEngineKind?
    /// Requests in flight. Memory in use is at most queueDepth x blockSize.
    public var queueDepth: Int
    public var blockSize: Int
    /// A rate limit, as Cinder applies with blkio cgroups; nil for none.
    public var bytesPerSecond: UInt64?
    /// The device's requests in flight, shared with the other operations on it; nil for this
    /// operation's own `queueDepth` whatever else runs. A copy under a budget pins its buffers one at a
    /// time as it uses them and hands back the ones its share no longer uses.
    public var budget: DeviceBudget?
    /// Checksums source and destination after a copy; a mismatch is an error.
    public var verify: Bool
    /// Called with bytes done and total, at most every `progressInterval` bytes and at the end.
    public var progress: (@Sendable (_ done: UInt64, _ total: UInt64) -> Void)?
    public var progressInterval: UInt64
    /// Set from another thread (or by task cancellation, through the async entry points) to stop.
    public var cancellation: CancellationFlag

    /// Defaults measured on this kind of machine's loop devices (`ember io copy` with depths 8 to 64
    /// and blocks of 1 to 8 MiB): 4 MiB blocks, 16 in flight, 64 MiB of buffers.
    public static let defaultQueueDepth = 16
    public static let defaultBlockSize = 4 << 20

    public init(
        engine: IOEngineKind? = nil, queueDepth: Int = defaultQueueDepth, blockSize: Int = defaultBlockSize, bytesPerSecond: UInt64? = nil,
        budget: DeviceBudget? = nil, verify: Bool = false, progress: (@Sendable (UInt64, UInt64) -> Void)? = nil,
        progressInterval: UInt64 = 64 << 20, cancellation: CancellationFlag = CancellationFlag()
    ) {
        self.engine = engine
        self.queueDepth = queueDepth
        self.blockSize = blockSize
        self.bytesPerSecond = bytesPerSecond
        self.budget = budget
        self.verify = verify
        self.progress = progress
        self.progressInterval = progressInterval
        self.cancellation = cancellation
    }
}

extension TransferOptions {
    /// Buffers are pinned for the whole run unless a budget may shrink this operation's share.
    var bufferResidency: BufferPool.Residency { budget == nil ? .pinned : .onDemand }

    /// A wipe writes one shared zero buffer, so its depth costs no memory; 32 requests of 1 MiB kept
    /// pace with fio's `--bs=1M --iodepth=32` on this machine's loop devices where 16 x 4 MiB did not.
    public static var wipeDefaults: TransferOptions { TransferOptions(queueDepth: 32, blockSize: 1 << 20) }
}

/// A stop signal an operation polls between batches of I/O.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) || Task.isCancelled }
}

/// What an operation did: the same shape for wipe, copy and clone, printed by `ember io --json`.
public struct OperationReport: Codable, Sendable, Equatable {
    public var operation: String
    public var method: String
    public var engine: String?
    public var bytesTotal: UInt64
    public var bytesWritten: UInt64
    public var bytesSkipped: UInt64
    public var seconds: Double
    public var megabytesPerSecond: Double
    public var queueDepth: Int?
    public var blockSize: Int?
    public var directIO: Bool
    public var verified: Bool

    enum CodingKeys: String, CodingKey {
        case operation, method, engine, seconds, verified
        case bytesTotal = "bytes_total"
        case bytesWritten = "bytes_written"
        case bytesSkipped = "bytes_skipped"
        case megabytesPerSecond = "mb_per_s"
        case queueDepth = "queue_depth"
        case blockSize = "block_size"
        case directIO = "direct_io"
    }
}
