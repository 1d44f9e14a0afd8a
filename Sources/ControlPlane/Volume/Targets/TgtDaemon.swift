import EmberModel
import Foundation
package import Logging
package import ServiceLifecycle

/// Ember's own `tgtd` (`ember serve --iscsi`): started before the services, supervised while they
/// run (restarted if it dies, and then told to re-create the exports, which tgtd forgets), stopped on
/// shutdown. The binary is started from an argv array, never through a shell.
package final class TgtDaemon: Service, @unchecked Sendable {
    package let portal: String
    package let controlPort: Int
    let logger: Logger
    /// Runs after every restart (not the first start): re-creates the exports.
    let onRestart: @Sendable () async -> Void
    private let lock = NSLock()
    private var process: Process?
    private var stopping = false

    package init(portal: String, controlPort: Int, logger: Logger, onRestart: @escaping @Sendable () async -> Void) {
        self.portal = portal
        self.controlPort = controlPort
        self.logger = logger
        self.onRestart = onRestart
    }

    /// Launches tgtd and waits until its management channel answers (up to 10 s).
    package func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Command.locate("tgtd"))
        process.arguments = ["-f", "-C", "\(controlPort)", "--iscsi", "portal=\(portal)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { self.process = process }
        for _ in 0..<100 {
            if (try? await TgtTargetHelper(portal: portal, controlPort: controlPort).targets()) != nil {
                logger.info("tgtd (pid \(process.processIdentifier)) serving iSCSI on \(portal)")
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw Fault(.internalError, "tgtd did not start on \(portal) (is the port taken, or another tgtd using control port \(controlPort)?)")
    }

    /// Supervises tgtd until graceful shutdown, or until the group is cancelled because another
    /// service failed: either way tgtd is stopped, so the process can exit.
    package func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await supervise()
            } onGracefulShutdown: {
                self.stop()
            }
        } onCancel: {
            self.stop()
        }
    }

    private func supervise() async {
        while let process = lock.withLock({ stopping ? nil : self.process }) {
            await Self.waitForExit(process)
            if lock.withLock({ stopping }) { break }
            logger.error("tgtd exited with status \(process.terminationStatus); restarting it and re-creating the exports")
            do {
                try await start()
                await onRestart()
            } catch {
                logger.critical("tgtd could not be restarted: \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// tgtd ignores SIGTERM while it has targets: ask, then insist. Its exports are the database's
    /// to re-create on the next start.
    private func stop() {
        let process = lock.withLock { () -> Process? in
            stopping = true
            return self.process
        }
        guard let process else { return }
        process.terminate()
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 2)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// Polls, five times a second: Foundation's `waitUntilExit` spins a run loop on Linux and kept
    /// a core busy for as long as tgtd ran (seen at 100% CPU in `ember volume --iscsi`).
    private static func waitForExit(_ process: Process) async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(200)) }
    }
}
