import Foundation
public import Testing

/// Runs each test of a suite (or one test) on a `ThreadExecutor` of its own, as its task executor
/// preference: the test's body and the child tasks it makes run on that thread, never on the
/// cooperative threads the other tests need, and a test that blocks holds no thread but its own.
/// For tests that block: synchronous file and device I/O, throttles that sleep, key derivation.
///
/// As many of these tests run at once as the machine has cores, as many as ran when they shared the
/// cooperative threads: more at once write more to the disk the other tests' databases sync to.
public struct OwnThreadTrait: SuiteTrait, TestTrait, TestScoping {
    private static let admission = TestAdmission(width: ProcessInfo.processInfo.activeProcessorCount)

    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        // A suite's own scope has no test case: only the test cases move.
        guard testCase != nil else { return try await function() }
        try await Self.admission.run {
            let executor = ThreadExecutor()
            let outcome = await Result { try await withTaskExecutorPreference(executor) { try await function() } }
            try await executor.shutdown()
            try outcome.get()
        }
    }
}

extension Trait where Self == OwnThreadTrait {
    /// The test runs on a thread of its own: see `OwnThreadTrait`.
    public static var ownThread: Self { Self() }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing body.
    fileprivate init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
