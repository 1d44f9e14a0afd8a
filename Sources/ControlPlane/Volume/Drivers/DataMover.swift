package import DataPath
import EmberMetrics

/// The data-path work of a volume driver (wipe, copy, clone, discard), in one place so that all of it
/// runs the same way: on a thread of its own, so the service's tasks keep running; stopped when its
/// task is cancelled; and held to `bytesPerSecond` of I/O (Cinder's `volume_copy_bps_limit`), so that
/// one delete or clone cannot take all of a shared disk from the volumes in use; and sharing one
/// `DeviceBudget` of requests in flight, so that concurrent operations on the backend's disk split it
/// evenly and their buffers stay within it.
package struct DataMover: Sendable {
    /// nil for no limit. Bytes an offload zeroes, a reflink shares or a hole skips do not count.
    package var bytesPerSecond: UInt64?
    /// The backend's requests in flight, shared by every operation of this mover; nil lets each
    /// operation keep its own queue depth.
    package var budget: DeviceBudget?

    /// 8 requests of 4 MiB: on this project's machines a copy with 8 in flight ran as fast as with 16
    /// (1,212 against 1,065 MB/s, medians of 6 interleaved runs; reading the source alone 1,079), so a
    /// lone operation still meets the disk's ceiling, and 8 copies with 10,000 volumes keep `ember
    /// serve` under 100 MB where 64 MiB took it to 120.
    package static let defaultInFlightMiB = 32

    /// The byte rate of the volume being worked on (its type's back-end QoS specs), set by the volume
    /// manager around a driver step; the lower of it and `bytesPerSecond` holds.
    @TaskLocal package static var volumeBytesPerSecond: UInt64?

    /// Where the data path reports bytes done and total for the operation being worked on, set by
    /// the volume manager around a driver step (`OperationTracker`); nil when nobody asks.
    @TaskLocal package static var progress: ProgressSink?

    /// A progress callback as a task-local value holds it (a class: a task-local of a bare optional
    /// closure type crashed optimized builds in `swift_task_localValuePush`).
    package final class ProgressSink: Sendable {
        let report: @Sendable (_ done: UInt64, _ total: UInt64) -> Void

        package init(_ report: @escaping @Sendable (_ done: UInt64, _ total: UInt64) -> Void) {
            self.report = report
        }
    }

    /// How often, in bytes, the data path reports to `progress`.
    static let progressInterval: UInt64 = 4 << 20

    package init(bytesPerSecond: UInt64? = nil, budget: DeviceBudget? = nil) {
        self.bytesPerSecond = bytesPerSecond
        self.budget = budget
    }

    /// Zeroes the volume at `path`, or its first `length` bytes (Cinder's `volume_clear_size`): an
    /// offload where one guarantees zeroes, else pipelined direct writes.
    @discardableResult
    package func wipe(_ path: String, length: UInt64? = nil) async throws -> OperationReport {
        let options = limited(.wipeDefaults)
        return Self.counted(
            try await Background.run(options.cancellation) {
                try Wipe.run(Device(path: path, writable: true), method: .auto, options: options, length: length)
            })
    }

    /// Makes `destination` hold `source`'s bytes; block devices get a copy.
    @discardableResult
    package func copy(_ source: String, to destination: String) async throws -> OperationReport {
        let options = limited(TransferOptions())
        return Self.counted(
            try await Background.run(options.cancellation) {
                try Copy.run(from: Device(path: source, writable: false), to: Device(path: destination, writable: true), options: options)
            })
    }

    /// Makes the file `destination` hold `source`'s bytes: a reflink where the filesystem shares extents, else a copy.
    @discardableResult
    package func clone(_ source: String, to destination: String) async throws -> OperationReport {
        let options = limited(TransferOptions())
        return Self.counted(
            try await Background.run(options.cancellation) {
                try Clone.run(from: Device(path: source, writable: false), to: Device(path: destination, writable: true), options: options)
            })
    }

    /// Hands a thin LV's blocks back to its pool (BLKDISCARD).
    package func discard(_ path: String) async throws {
        try await Background.run(CancellationFlag()) { try Wipe.discard(Device(path: path, writable: true)) }
    }

    /// Adds a finished operation's bytes to `ember_datapath_bytes_total`, by operation and engine (the
    /// method, such as `copy_file_range`, where no I/O engine ran).
    private static func counted(_ report: OperationReport) -> OperationReport {
        EmberMetric.dataPathBytes.increment(by: Int(clamping: report.bytesTotal), report.operation, report.engine ?? report.method)
        return report
    }

    func limited(_ base: TransferOptions) -> TransferOptions {
        var options = base
        options.bytesPerSecond = [bytesPerSecond, Self.volumeBytesPerSecond].compactMap { $0 }.min()
        options.budget = budget
        if let progress = Self.progress {
            options.progress = progress.report
            options.progressInterval = Self.progressInterval
        }
        return options
    }
}
