import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import EmberModel
@testable import EmberTestSupport
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
        try await expectStopsWithAFailingGroup(daemon, helper: helper, logger: logger)
    }

    /// A volume service killed with SIGKILL leaves its tgtd serving (initiators keep their sessions);
    /// the next start adopts it through the pid file, keeps its targets, and stops it on shutdown.
    @Test func theTgtdOfAKilledRunIsAdoptedByTheNextStart() async throws {
        let port = Int.random(in: 23_000..<29_000)
        let logger = Logger(label: "tgtd-test")
        let directory = try TemporaryDirectory()
        let pidFile = directory.path + "/tgtd.pid"
        let first = TgtDaemon(portal: "127.0.0.1:\(port)", controlPort: port % 10_000, pidFile: pidFile, logger: logger) {}
        try await first.start()  // never stopped: as if its process had been killed
        let helper = TgtTargetHelper(portal: "127.0.0.1:\(port)", controlPort: port % 10_000)
        let pid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(TgtdProcess.isTgtd(pid, controlPort: port % 10_000, portal: "127.0.0.1:\(port)"))
        let backing = directory.path + "/volume"
        #expect(FileManager.default.createFile(atPath: backing, contents: Data(count: 1 << 20)))
        _ = try await helper.createExport(
            ExportRequest(volumeID: UUID(), path: backing, isBlockDevice: false, credentials: .random(), initiators: []))

        let second = TgtDaemon(portal: "127.0.0.1:\(port)", controlPort: port % 10_000, pidFile: pidFile, logger: logger) {}
        try await second.start()
        #expect(try await helper.targets().count == 1, "the adopted tgtd kept its target")
        #expect(try String(contentsOfFile: pidFile, encoding: .utf8).hasPrefix("\(pid)"), "no second tgtd was launched")
        try await expectStopsWithAFailingGroup(second, helper: helper, logger: logger)
        #expect(kill(pid, 0) != 0, "the adopted tgtd is gone")
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }

    /// A tgtd this service did not start (no pid file names it) is not taken over: start refuses.
    @Test func aForeignTgtdOnTheControlPortIsRefused() async throws {
        let port = Int.random(in: 23_000..<29_000)
        let logger = Logger(label: "tgtd-test")
        let directory = try TemporaryDirectory()
        let foreign = TgtDaemon(portal: "127.0.0.1:\(port)", controlPort: port % 10_000, logger: logger) {}
        try await foreign.start()
        let ours = TgtDaemon(portal: "127.0.0.1:\(port)", controlPort: port % 10_000, pidFile: directory.path + "/tgtd.pid", logger: logger) {}
        await #expect(throws: Fault.self) { try await ours.start() }
        try await expectStopsWithAFailingGroup(
            foreign, helper: TgtTargetHelper(portal: "127.0.0.1:\(port)", controlPort: port % 10_000), logger: logger)
    }

    /// Runs `daemon` beside a service that fails; the group must end and take tgtd with it.
    private func expectStopsWithAFailingGroup(_ daemon: TgtDaemon, helper: TgtTargetHelper, logger: Logger) async throws {
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
