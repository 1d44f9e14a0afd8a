import ArgumentParser

/// `ember api`: the Cinder API (and identity) alone, for distributed mode. It takes `ember serve`'s
/// flags; the API and identity ones apply, and it needs --database-url and --transport-url.
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Run the API and identity alone, beside scheduler and volume processes (distributed mode).")

    @OptionGroup var options: Serve

    func run() async throws { try await options.run(roles: [.api]) }
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
