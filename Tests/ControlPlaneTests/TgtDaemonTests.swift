import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import EmberModel
@testable import EmberVolume

/// Ember's own tgtd under ServiceLifecycle: when another service of the process fails, the group is
/// cancelled, and tgtd must stop with it so that `ember serve` exits instead of hanging.
@Suite("tgtd supervision", .enabled(if: (try? Command.locate("tgtd")) != nil && getuid() == 0, "needs tgtd and root"))
struct TgtDaemonTests {
    struct FailingService: Service {
        func run() async throws {
            try await Task.sleep(for: .milliseconds(300))
            throw Fault(.internalError, "the volume service failed")
        }
    }

    @Test func aFailingNeighbourEndsTheGroupAndStopsTgtd() async throws {
        let port = Int.random(in: 23_000..<29_000)
        let logger = Logger(label: "tgtd-test")
        let daemon = TgtDaemon(portal: "127.0.0.1:\(port)", controlPort: port % 10_000, logger: logger) {}
        try await daemon.start()
        let helper = TgtTargetHelper(portal: "127.0.0.1:\(port)", controlPort: port % 10_000)
        #expect(try await helper.targets().isEmpty, "tgtd answers on its management channel")

        let group = ServiceGroup(services: [daemon, FailingService()], logger: logger)
        let ended = Mutex(false)
        let runner = Task {
            defer { ended.withLock { $0 = true } }
            try await group.run()
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while !ended.withLock({ $0 }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        try #require(ended.withLock { $0 }, "the group ended after its failing service")
        await #expect(throws: Fault.self) { try await runner.value }

        // SIGTERM first, SIGKILL after 2 s: within 5 s the management channel is gone.
        var answering = true
        for _ in 0..<50 where answering {
            answering = (try? await helper.targets()) != nil
            if answering { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!answering, "tgtd stopped with the group")
    }
}
