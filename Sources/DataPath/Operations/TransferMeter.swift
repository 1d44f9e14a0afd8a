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

    init(total: UInt64, options: TransferOptions) {
        self.total = total
        self.options = options
    }

    var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    var isCancelled: Bool { options.cancellation.isCancelled }

    /// Records `bytes` more done; reports progress when due and sleeps when ahead of the rate limit.
    func advance(_ bytes: UInt64) {
        done += bytes
        if let progress = options.progress, done - lastProgress >= options.progressInterval || done == total {
            lastProgress = done
            progress(done, total)
        }
        pace()
    }

    private func pace() {
        guard let rate = options.bytesPerSecond, rate > 0 else { return }
        let due = Double(done) / Double(rate)
        let ahead = due - seconds
        if ahead > 0.001 { usleep(UInt32(min(ahead, 1) * 1_000_000)) }
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
