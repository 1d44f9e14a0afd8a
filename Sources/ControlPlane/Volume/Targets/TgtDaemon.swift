import EmberModel
import Foundation
package import Logging
package import ServiceLifecycle

/// Ember's own `tgtd` (`ember serve --iscsi`): started before the services, supervised while they
/// run (restarted if it dies, and then told to re-create the exports, which tgtd forgets), stopped on
/// shutdown. The binary is started from an argv array, never through a shell.
///
/// tgtd outlives a volume service that is killed (SIGKILL cannot be caught), on purpose: attached
/// initiators keep their sessions while the control plane is down, as with Cinder's system tgtd. Its
/// pid is kept in `pidFile`, and the next start adopts that tgtd instead of failing on its port.
package final class TgtDaemon: Service, @unchecked Sendable {
    package let portal: String
    package let controlPort: Int
    /// Where the running tgtd's pid is kept for the next start; nil keeps none (and adopts none).
    let pidFile: String?
    let logger: Logger
    /// Runs after every restart (not the first start): re-creates the exports.
    let onRestart: @Sendable () async -> Void
    private let lock = NSLock()
    private var child: TgtdProcess?
    private var stopping = false

    package init(portal: String, controlPort: Int, pidFile: String? = nil, logger: Logger, onRestart: @escaping @Sendable () async -> Void) {
        self.portal = portal
        self.controlPort = controlPort
        self.pidFile = pidFile
        self.logger = logger
        self.onRestart = onRestart
    }

    /// Adopts the tgtd a previous run of this service left, or launches one and waits until its
    /// management channel answers (up to 10 s). Another tgtd on the control port is an error.
    package func start() async throws {
        let helper = TgtTargetHelper(portal: portal, controlPort: controlPort)
        if let survivor = survivor(), (try? await helper.targets()) != nil {
            lock.withLock { self.child = .adopted(survivor) }
            logger.info("tgtd (pid \(survivor)) left by a previous run adopted, serving iSCSI on \(portal)")
            return
        }
        if (try? await helper.targets()) != nil {
            throw Fault(.internalError, "another tgtd answers on control port \(controlPort): stop it, or choose another --tgtd-control-port")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Command.locate("tgtd"))
        process.arguments = ["-f", "-C", "\(controlPort)", "--iscsi", "portal=\(portal)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { self.child = .launched(process) }
        for _ in 0..<100 {
            if (try? await helper.targets()) != nil {
                logger.info("tgtd (pid \(process.processIdentifier)) serving iSCSI on \(portal)")
                recordPID(process.processIdentifier)
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw Fault(.internalError, "tgtd did not start on \(portal) (is the port taken, or another tgtd using control port \(controlPort)?)")
    }

    /// The pid in `pidFile`, if it names a live tgtd on this control port and portal.
    private func survivor() -> pid_t? {
        guard let pidFile, let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0
        else { return nil }
        return TgtdProcess.isTgtd(pid, controlPort: controlPort, portal: portal) ? pid : nil
    }

    private func recordPID(_ pid: pid_t) {
        guard let pidFile else { return }
        if !FileManager.default.createFile(atPath: pidFile, contents: Data("\(pid)\n".utf8), attributes: [.posixPermissions: 0o600]) {
            logger.warning("tgtd's pid could not be written to \(pidFile): a restart after a crash will not adopt it")
        }
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
        while let child = lock.withLock({ stopping ? nil : self.child }) {
            await child.waitForExit()
            if lock.withLock({ stopping }) { break }
            logger.error("tgtd exited (\(child.exitDescription)); restarting it and re-creating the exports")
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
        let child = lock.withLock { () -> TgtdProcess? in
            stopping = true
            return self.child
        }
        guard let child else { return }
        child.signal(SIGTERM)
        if let pidFile { try? FileManager.default.removeItem(atPath: pidFile) }
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 2)
            if child.isRunning { child.signal(SIGKILL) }
        }
    }
}

/// The tgtd a `TgtDaemon` supervises: one it launched, or one a previous run left, known by its pid.
enum TgtdProcess: Sendable {
    case launched(Process)
    case adopted(pid_t)

    var isRunning: Bool {
        switch self {
        case .launched(let process): process.isRunning
        // Not this process's child: reaped by init once it exits, so kill(0) then fails.
        case .adopted(let pid): kill(pid, 0) == 0
        }
    }

    var exitDescription: String {
        switch self {
        case .launched(let process): "status \(process.terminationStatus)"
        case .adopted(let pid): "pid \(pid), adopted"
        }
    }

    func signal(_ signal: Int32) {
        switch self {
        case .launched(let process): kill(process.processIdentifier, signal)
        case .adopted(let pid): kill(pid, signal)
        }
    }

    /// Polls, five times a second: Foundation's `waitUntilExit` spins a run loop on Linux and kept
    /// a core busy for as long as tgtd ran (seen at 100% CPU in `ember volume --iscsi`).
    func waitForExit() async {
        while isRunning { try? await Task.sleep(for: .milliseconds(200)) }
    }

    /// Whether `pid` is a tgtd started as a `TgtDaemon` starts one on `controlPort` and `portal`.
    static func isTgtd(_ pid: pid_t, controlPort: Int, portal: String) -> Bool {
        guard let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let argv = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return argv.first.map { URL(fileURLWithPath: $0).lastPathComponent == "tgtd" } == true
            && Array(argv.dropFirst()) == ["-f", "-C", "\(controlPort)", "--iscsi", "portal=\(portal)"]
    }
}
