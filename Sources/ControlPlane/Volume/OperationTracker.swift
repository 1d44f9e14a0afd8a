import EmberModel
import EmberStore
import Foundation
import Logging
import Synchronization

/// Writes one data operation's progress to the store as the data path reports it: its row when it
/// begins (or, for one that may move no data, when the first bytes move), then at most once per
/// `interval`, then its end. The data path's callback only hands the latest figures over; a task of
/// the tracker's own writes them, so the I/O never waits for the database, and a failed write is
/// logged, never the operation's failure.
struct OperationTracker: Sendable {
    let store: any OperationStore
    let logger: Logger
    var interval: Duration = .seconds(1)

    /// Runs `body` as `operation`, recorded from the start when `eager`, else from its first bytes.
    func track<T: Sendable>(_ operation: DataOperation, eager: Bool = true, _ body: () async throws -> T) async throws -> T {
        if eager { await write(operation) }
        let (figures, reports) = AsyncStream.makeStream(of: (done: UInt64, total: UInt64).self, bufferingPolicy: .bufferingNewest(1))
        // The writing task starts with the operation when eager, else with its first bytes: a step
        // that moves none (a file's removal) costs no task.
        let writer = Mutex<Task<(DataOperation, Bool), Never>?>(nil)
        let startWriter: @Sendable () -> Void = {
            writer.withLock { task in if task == nil { task = Task { await follow(operation, recorded: eager, figures) } } }
        }
        if eager { startWriter() }
        let result: Result<T, any Error>
        do {
            let sink = DataMover.ProgressSink {
                startWriter()
                reports.yield(($0, $1))
            }
            result = .success(try await DataMover.$progress.withValue(sink) { try await body() })
        } catch {
            result = .failure(error)
        }
        reports.finish()
        guard let task = writer.withLock({ $0 }) else { return try result.get() }
        var (ended, recorded) = await task.value
        if recorded {
            ended.finish(result.isSuccess ? .succeeded : .failed, at: Date())
            await write(ended)
        }
        return try result.get()
    }

    /// Writes the figures as they come, at most once per `interval`; returns the operation as last
    /// seen and whether it has a row.
    private func follow(_ start: DataOperation, recorded: Bool, _ figures: AsyncStream<(done: UInt64, total: UInt64)>) async -> (DataOperation, Bool) {
        var operation = start
        var recorded = recorded
        var lastWrite = ContinuousClock.now
        var latest = 0
        for await (done, total) in figures {
            if total > 0 { operation.bytesTotal = Int(total) }
            latest = Int(done)
            if !recorded {
                await write(operation)
                recorded = true
                lastWrite = .now
            }
            guard ContinuousClock.now - lastWrite >= interval else { continue }
            operation.advance(to: latest, at: Date())
            await write(operation)
            lastWrite = .now
        }
        if latest > operation.bytesDone { operation.advance(to: latest, at: Date()) }
        return (operation, recorded)
    }

    private func write(_ operation: DataOperation) async {
        do { try await store.recordOperation(operation) } catch {
            logger.warning("progress of \(operation.kind.rawValue) \(operation.id.key) not written: \(error)")
        }
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
