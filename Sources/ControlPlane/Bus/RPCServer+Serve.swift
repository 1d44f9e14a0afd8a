import ServiceLifecycle

extension RPCServer {
    /// The run loop of every service that consumes a topic: serves `subscription` until graceful
    /// shutdown closes it, with `alongside` tasks (heartbeats, capability reports, a sweep at start)
    /// running beside it. Those are cancelled on graceful shutdown; handlers in flight finish before
    /// this returns, which is how a service drains.
    package func serve(_ subscription: BusSubscription, alongside tasks: [@Sendable () async -> Void] = []) async {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for task in tasks {
                    group.addTask { await cancelWhenGracefulShutdown { await task() } }
                }
                await run(subscription)
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task { await subscription.close() }
        }
    }
}

/// Runs `body` now and then every `interval` until the task is cancelled (a heartbeat, a report).
package func repeating(every interval: Duration, _ body: @Sendable () async -> Void) async {
    while !Task.isCancelled {
        await body()
        try? await Task.sleep(for: interval)
    }
}
