import Foundation
import Logging
import ServiceLifecycle

/// The part an `ember api` process plays when several share one address (`--workers N`): the leader,
/// which runs one worker itself and starts and supervises the others, or one of those followers.
enum APIWorkerRole: Sendable {
    case leader(workers: Int)
    case follower(of: pid_t)
}

/// The leader's followers: `ember api` processes with the leader's own arguments (less `--workers`,
/// plus `--worker-of`), started once the leader listens (so identity is bootstrapped and the token
/// keys exist), restarted if one dies, and stopped with the leader's graceful shutdown. Each is
/// started from an argv array, never through a shell.
final class APIWorkerProcesses: Service, @unchecked Sendable {
    let count: Int
    let logger: Logger
    private let lock = NSLock()
    private var processes: [Process] = []
    private var started = false
    private var stopping = false

    init(count: Int, logger: Logger) {
        self.count = count
        self.logger = logger
    }

    /// Starts the followers; called once the leader's listener is up.
    func start() {
        lock.withLock { started = true }
        for _ in 1..<count { launch() }
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            // Cancelled (another service of the process failed) ends it as a graceful shutdown does.
            while !lock.withLock({ stopping }), !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                if lock.withLock({ stopping }) || Task.isCancelled { break }
                for dead in lock.withLock({ processes.filter { !$0.isRunning } }) {
                    logger.error("API worker \(dead.processIdentifier) exited with status \(dead.terminationStatus); starting another")
                    lock.withLock { processes.removeAll { $0 === dead } }
                    launch()
                }
            }
            await stopAll()
        } onGracefulShutdown: {
            self.lock.withLock { self.stopping = true }
        }
    }

    private func launch() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        process.arguments = Self.followerArguments(Array(CommandLine.arguments.dropFirst()), leader: getpid())
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
            lock.withLock { processes.append(process) }
            logger.info("API worker \(process.processIdentifier) started")
        } catch {
            logger.error("an API worker could not be started: \(error)")
        }
    }

    /// SIGTERM to each follower (each finishes its requests in flight), then SIGKILL to any left after 30 s.
    private func stopAll() async {
        let all = lock.withLock { processes }
        for process in all where process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(30)
        while all.contains(where: \.isRunning), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        for process in all where process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The leader's arguments with `--workers` dropped and `--worker-of LEADER` added.
    static func followerArguments(_ arguments: [String], leader: pid_t) -> [String] {
        var kept: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext {
                skipNext = false
            } else if argument == "--workers" {
                skipNext = true
            } else if !argument.hasPrefix("--workers=") {
                kept.append(argument)
            }
        }
        return kept + ["--worker-of", "\(leader)"]
    }
}

/// A follower's watch on its leader: once the leader is gone (the follower has another parent), the
/// follower shuts down gracefully too, so no worker outlives a killed leader.
struct LeaderWatch: Service {
    let leader: pid_t

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while getppid() == leader { try await Task.sleep(for: .milliseconds(500)) }
        }
    }
}
