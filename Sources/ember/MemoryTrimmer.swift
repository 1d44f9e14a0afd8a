import CShims
import ServiceLifecycle

/// Hands memory freed after a burst of requests back to the system: glibc keeps free pages in its
/// arenas, so without it a process stays at its burst's high-water mark (10,000 creates left `ember
/// serve` at 65 MiB, 56 MiB after `malloc_trim`).
struct MemoryTrimmer: Service {
    var interval: Duration = .seconds(10)

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: interval)
                    _ = ember_release_free_memory()
                }
            }
        } catch is CancellationError {}
    }
}
