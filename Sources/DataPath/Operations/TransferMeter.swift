#if canImport(Glibc)
import Glibc
#endif

/// Counts an operation's bytes and time, reports progress, holds the rate limit and notices cancellation.
final class TransferMeter {
    let total: UInt64
    let options: TransferOptions
    let start = ContinuousClock.now
    private(set) var done: UInt64 = 0
    var written: UInt64 = 0
    var skipped: UInt64 = 0
    private var lastProgress: UInt64 = 0
    /// Bytes read or written so far: what the rate limit paces (an offload's zeroes, a reflink's
    /// shared extents and holes skipped unread cost the disk nothing).
    private var moved: UInt64 = 0

    init(total: UInt64, options: TransferOptions) {
        self.total = total
        self.options = options
    }

    var seconds: Double {
        (ContinuousClock.now - start).seconds
    }

    var isCancelled: Bool { options.cancellation.isCancelled }

    /// Records `bytes` more done; reports progress when due and, for bytes that went through I/O
    /// (`moved`), sleeps while ahead of the rate limit.
    func advance(_ bytes: UInt64, moved: Bool = true) {
        done += bytes
        if moved { self.moved += bytes }
        if let progress = options.progress, done - lastProgress >= options.progressInterval || done == total {
            lastProgress = done
            progress(done, total)
        }
        pace()
    }

    /// Sleeps until the bytes moved are within the rate, in steps short enough to notice cancellation.
    private func pace() {
        guard let rate = options.bytesPerSecond, rate > 0 else { return }
        while !isCancelled {
            let ahead = Double(moved) / Double(rate) - seconds
            guard ahead > 0.001 else { return }
            usleep(UInt32(min(ahead, 0.1) * 1_000_000))
        }
    }

    /// The most one request should move at once under the rate limit (a tenth of a second's worth,
    /// at least 1 MiB), so the pace holds within a step; `largest` without a limit.
    func step(largest: UInt64) -> UInt64 {
        guard let rate = options.bytesPerSecond, rate > 0 else { return largest }
        return min(largest, max(1 << 20, rate / 10))
    }

    func report(operation: String, method: String, engine: (any IOEngine)?, directIO: Bool, verified: Bool = false) -> OperationReport {
        let seconds = self.seconds
        return OperationReport(
            operation: operation, method: method, engine: engine?.kind.rawValue, bytesTotal: total, bytesWritten: written,
            bytesSkipped: skipped, seconds: seconds, megabytesPerSecond: seconds > 0 ? Double(total) / seconds / 1e6 : 0,
            queueDepth: engine?.queueDepth, blockSize: engine == nil ? nil : options.blockSize, directIO: directIO,
            verified: verified)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` (for rates and reports).
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
