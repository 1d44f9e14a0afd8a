import NIOPosix

/// A task executor on one thread of its own, for one test whose code blocks the thread it runs on.
///
/// Swift concurrency has as many cooperative threads as the machine has cores (two here), shared by
/// every test running in the process. A test that reads a gigabyte, sleeps in a throttle or derives a
/// scrypt key on one of them holds it for seconds, and every other test's tasks wait: a control plane
/// under test then answered a 2 ms database read after 3 to 21 s, past its tests' deadlines.
public final class ThreadExecutor: TaskExecutor {
    private let thread = NIOThreadPool(numberOfThreads: 1)

    public init() {
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        thread.submit { _ in job.runSynchronously(on: executor) }
    }

    /// Stops the thread once the jobs already enqueued have run.
    public func shutdown() async throws {
        try await thread.shutdownGracefully()
    }
}
