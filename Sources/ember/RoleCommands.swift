import ArgumentParser

/// `ember api`: the Cinder API (and identity) alone, for distributed mode. It takes `ember serve`'s
/// flags; the API and identity ones apply, and it needs --database-url and --transport-url. With
/// `--workers N` it runs N such processes on one address (SO_REUSEPORT).
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Run the API and identity alone, beside scheduler and volume processes (distributed mode).")

    @OptionGroup var options: Serve

    @Option(help: "API processes sharing the --listen address (SO_REUSEPORT), 1 to 64: this one and N-1 it starts and supervises (default: 1).")
    var workers = 1

    @Option(help: .hidden)
    var workerOf: Int32?

    func validate() throws {
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be from 1 to 64") }
        if workerOf != nil, workers != 1 { throw ValidationError("--worker-of is for the processes --workers starts") }
    }

    func run() async throws {
        let role: APIWorkerRole? = workerOf.map { .follower(of: $0) } ?? (workers > 1 ? .leader(workers: workers) : nil)
        try await options.run(roles: [.api], apiWorker: role)
    }
}

/// `ember scheduler`: places volumes on the volume hosts that report to it, for distributed mode.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Run a scheduler alone, beside API and volume processes (distributed mode); --host names it.")

    @OptionGroup var options: Serve

    func run() async throws { try await options.run(roles: [.scheduler]) }
}

/// `ember volume --host NAME`: one volume host's service, on its own backend and iSCSI portal.
struct VolumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume", abstract: "Run a volume service alone on this host's backend (distributed mode); --host names it.")

    @OptionGroup var options: Serve

    func run() async throws { try await options.run(roles: [.volume]) }
}
