import Foundation

/// Runs a blocking data-path operation on its own thread, so it never holds one of Swift
/// concurrency's few cooperative threads, and turns task cancellation into the operation's flag.
public enum Background {
    public static func run<T: Sendable>(
        _ cancellation: CancellationFlag, _ work: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread { continuation.resume(with: Result { try work() }) }
                thread.name = "ember-datapath"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}
