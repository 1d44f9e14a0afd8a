import DataPath
import EmberAMQP
import EmberAPI
import EmberBus
import EmberIdentity
import EmberModel
import EmberPrometheus
import EmberSQLStore
import EmberSQLite
import EmberScheduler
import EmberVolume
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// The services of one process, wired: `ember serve` runs them all (the API, a scheduler and one
/// volume service on a file or LVM backend), `ember api`, `ember scheduler` and `ember volume` one each.
/// They share a store (the data dir's SQLite, or `--database-url`'s PostgreSQL) and a bus (in-process,
/// or `--transport-url`'s RabbitMQ).
struct AllInOne: Sendable {
    struct Configuration: Sendable {
        var dataDirectory: String
        var listenHost: String
        var listenPort: Int
        var hostName: String
        var reportInterval: Duration
        var volumeClear: VolumeClear
        /// The volume service's wipes and copies, at most this many bytes of I/O per second; nil for no
        /// limit (Cinder's `volume_copy_bps_limit`).
        var volumeCopyBytesPerSecond: UInt64?
        /// Bytes of the volume service's wipe and copy requests in flight at once, shared by all of them.
        var volumeCopyInFlightBytes: Int
        /// iSCSI exports: where initiators connect, tgtd's control channel, and whether Ember starts
        /// and supervises tgtd itself (else it uses one already running). nil exports nothing.
        var iscsi: ISCSIConfiguration?
        /// Keystone-style identity in this process; nil is `--auth noauth`.
        var identity: IdentityConfiguration?
        /// A policy file over the default rules.
        var policyPath: String?
        /// Where volumes live: sparse files in the data dir (nil) or logical volumes.
        var lvm: LVMDriver.Configuration?
        /// Timeouts, the connection cap and the body limit of the API's (and identity's) listener.
        var connectionLimits = ConnectionLimits()
        /// Metadata items a volume or snapshot may hold.
        var metadataItemLimit = MetadataLimit.defaultItems
        /// Makes the keys of encrypted volumes; nil refuses volumes of encrypted types.
        var keyManager: (any KeyManager)?
        /// The data dir's SQLite file, or a shared PostgreSQL.
        var database = DatabaseSettings.embedded
        /// The broker of distributed mode; nil for the in-process bus.
        var transport: AMQPURL?
        /// The scheduler's name in `os-services` and on the bus.
        var schedulerHostName = ProcessInfo.processInfo.hostName
        /// With `ember api --workers N`: this process's part among the API processes sharing the
        /// address (SO_REUSEPORT); nil for one API process on Hummingbird's own listener.
        var apiWorker: APIWorkerRole?
        /// `--metrics-listen`: this process's `/metrics` without authentication on an address of its own.
        var metricsListen: ListenAddress?

        init(
            dataDirectory: String, listenHost: String, listenPort: Int, hostName: String, reportInterval: Duration,
            volumeClear: VolumeClear = .none, volumeCopyBytesPerSecond: UInt64? = nil,
            volumeCopyInFlightBytes: Int = DataMover.defaultInFlightMiB << 20, iscsi: ISCSIConfiguration? = nil,
            identity: IdentityConfiguration? = nil, policyPath: String? = nil, lvm: LVMDriver.Configuration? = nil
        ) {
            self.lvm = lvm
            self.iscsi = iscsi
            self.identity = identity
            self.policyPath = policyPath
            self.dataDirectory = dataDirectory
            self.listenHost = listenHost
            self.listenPort = listenPort
            self.hostName = hostName
            self.reportInterval = reportInterval
            self.volumeClear = volumeClear
            self.volumeCopyBytesPerSecond = volumeCopyBytesPerSecond
            self.volumeCopyInFlightBytes = volumeCopyInFlightBytes
        }

        var databasePath: String { dataDirectory + "/ember.sqlite" }
        var volumesDirectory: String { dataDirectory + "/volumes" }
    }

    let configuration: Configuration
    let logger: Logger

    /// Runs `roles` until SIGTERM or SIGINT; in-flight requests and volume operations finish first.
    /// `onListening` receives the API's bound port (useful with port 0).
    func run(roles: Set<ServiceRole> = Set(ServiceRole.allCases), onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let store = try await configuration.database.openStore(
            dataDirectory: configuration.dataDirectory, metadataItemLimit: configuration.metadataItemLimit)
        let bus: any Bus = configuration.transport.map { AMQPBus(url: $0, logger: logger) } ?? InProcessBus()
        let outcome: Result<Void, any Error>
        do { outcome = .success(try await serve(roles, store: store, bus: bus, onListening: onListening)) } catch { outcome = .failure(error) }
        // Drained, or failed to start: the broker connection and the database pool close before the process ends.
        (bus as? AMQPBus)?.close()
        try? await store.database.close()
        try outcome.get()
    }

    private func serve(_ roles: Set<ServiceRole>, store: SQLStore, bus: any Bus, onListening: @escaping @Sendable (Int) -> Void) async throws {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if roles.contains(.volume) { services += try await volumeServices(store: store, bus: bus) }
        var scheduler: SchedulerService?
        if roles.contains(.scheduler) {
            scheduler = SchedulerService(hostName: configuration.schedulerHostName, store: store, bus: bus, logger: logger)
            services.append(.init(service: scheduler!))
        }
        if roles.contains(.api) {
            services += try await apiServices(store: store, bus: bus, scheduler: scheduler, onListening: onListening)
        }
        if let listen = configuration.metricsListen, configuration.apiWorker.map({ if case .leader = $0 { true } else { false } }) ?? true {
            services.append(.init(service: metricsListener(store: store, at: listen)))
        }
        services.append(.init(service: MemoryTrimmer()))
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// A volume service on the configured backend, and tgtd when Ember supervises it.
    private func volumeServices(store: SQLStore, bus: any Bus) async throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let iscsi = configuration.iscsi
        let mover = DataMover(
            bytesPerSecond: configuration.volumeCopyBytesPerSecond, budget: DeviceBudget(bytes: configuration.volumeCopyInFlightBytes))
        let manager = VolumeManager(
            configuration: .init(host: configuration.hostName), store: store,
            driver: try configuration.lvm.map { try LVMDriver(configuration: $0, mover: mover) }
                ?? FileDriver(directory: configuration.volumesDirectory, volumeClear: configuration.volumeClear, mover: mover),
            targets: iscsi.map { TgtTargetHelper(portal: $0.portal, controlPort: $0.controlPort, iqnPrefix: $0.iqnPrefix) },
            logger: logger)
        // Checked before anything listens, so a missing volume group stops `serve` before it answers.
        try await manager.driver.checkSetup()
        let volume = VolumeService(manager: manager, store: store, bus: bus, reportInterval: configuration.reportInterval, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: volume)]
        if let iscsi, iscsi.startsTgtd {
            let daemon = TgtDaemon(
                portal: iscsi.portal, controlPort: iscsi.controlPort, pidFile: configuration.dataDirectory + "/tgtd.pid", logger: logger
            ) {
                await manager.restoreExports(context: .service("ember-volume", requestID: "req-\(UUID.random().key)"))
            }
            try await daemon.start()
            services.append(.init(service: daemon))
        }
        return services
    }

    /// The API's listener (and identity's own, if asked). With a scheduler in this process, it waits
    /// briefly for a first capability report before it answers.
    private func apiServices(
        store: SQLStore, bus: any Bus, scheduler: SchedulerService?, onListening: @escaping @Sendable (Int) -> Void
    ) async throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let access = try await self.access(store: store)
        let configuration = configuration
        let logger = logger
        var api = CinderAPI(
            store: store, bus: bus, authentication: access.authentication, policy: access.policy, keyManager: configuration.keyManager)
        api.metrics = { LogSetup.metrics.exposition() }
        let router = api.router()
        var workers: APIWorkerProcesses?
        if case .leader(let count) = configuration.apiWorker { workers = APIWorkerProcesses(count: count, logger: logger) }
        let listening: @Sendable (Int) async -> Void = { [workers] port in
            if case .follower = configuration.apiWorker { return }
            if let settings = configuration.identity {
                IdentityFactory.writeClouds(configuration, settings, port: port, password: access.adminPassword, logger: logger)
            }
            onListening(port)
            workers?.start()
        }
        if scheduler == nil, let role = configuration.apiWorker {
            let server = SharedPortServer(
                router: router, host: configuration.listenHost, port: configuration.listenPort, serverName: "ember",
                limits: configuration.connectionLimits, identityRoots: CinderAPI.identityRoots, logger: logger, onListening: listening)
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: server)]
            switch role {
            case .leader:
                services.append(.init(service: workers!))
                services += access.services
            case .follower(let leader):
                // The identity listener of --identity-listen is the leader's alone.
                services.append(.init(service: LeaderWatch(leader: leader), successTerminationBehavior: .gracefullyShutdownGroup))
            }
            return services
        }
        var app = Application(
            router: router,
            server: .guarded(configuration.connectionLimits, identityRoots: CinderAPI.identityRoots),
            configuration: .ember(
                host: configuration.listenHost, port: configuration.listenPort, serverName: "ember",
                limits: configuration.connectionLimits, logger: logger),
            onServerRunning: { channel in await listening(channel.localAddress?.port ?? 0) },
            logger: logger)
        if let scheduler {
            app.beforeServerStarts {
                if await !scheduler.hosts.waitForFirstReport(timeout: .seconds(5)) {
                    logger.warning("no volume service has reported yet; creates fail until one does")
                }
            }
        }
        return [.init(service: app)] + access.services
    }

    /// `--metrics-listen`: `GET /metrics` alone, without authentication, for a scraper on a private
    /// address; every role's process may have one (in distributed mode each exports its own figures).
    private func metricsListener(store: SQLStore, at listen: ListenAddress) -> some Service {
        Application(
            router: CinderAPI.metricsRouter(store: store, exposition: { LogSetup.metrics.exposition() }),
            server: .guarded(configuration.connectionLimits, identityRoots: []),
            configuration: .ember(host: listen.host, port: listen.port, serverName: "ember-metrics", limits: configuration.connectionLimits, logger: logger),
            onServerRunning: { [logger] channel in logger.info("metrics on http://\(listen.host):\(channel.localAddress?.port ?? 0)/metrics") },
            logger: logger)
    }

    /// Who may call the API: the policy, and identity (bootstrapped, with its own listener if asked)
    /// or noauth. Built before anything starts, so a bad policy file or LDAP setting stops `serve` at once.
    private func access(store: SQLStore) async throws
        -> (authentication: CinderAPI.Authentication, policy: Policy, adminPassword: String?, services: [ServiceGroupConfiguration.ServiceConfiguration])
    {
        let policy = try configuration.policyPath.map(Policy.load) ?? .standard
        guard let settings = configuration.identity else { return (.noauth, policy, nil, []) }
        let identity = try await IdentityFactory.make(store: store, settings: settings, dataDirectory: configuration.dataDirectory)
        let adminPassword = try await identity.bootstrap(adminPassword: settings.adminPassword)
        let catalog = ServiceCatalog(publicURL: settings.publicURL)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let listen = settings.identityListen {
            services.append(
                .init(
                    service: Application(
                        router: CinderAPI.identityRouter(identity, catalog: catalog, policy: policy),
                        server: .guarded(configuration.connectionLimits, identityRoots: CinderAPI.identityRoots),
                        configuration: .ember(
                            host: listen.host, port: listen.port, serverName: "ember-identity",
                            limits: configuration.connectionLimits, logger: logger),
                        logger: logger)))
        }
        return (.keystone(identity, catalog), policy, adminPassword, services)
    }
}

/// The parts of Ember a process may run; `ember serve` runs all three.
enum ServiceRole: String, CaseIterable, Sendable {
    case api, scheduler, volume
}

/// Where and how `ember serve --iscsi` exports volumes.
struct ISCSIConfiguration: Sendable {
    /// `HOST:PORT` initiators connect to (loopback by default).
    var portal: String
    /// tgtd's management channel (`tgtd -C N`).
    var controlPort: Int
    var iqnPrefix: String
    /// Start and supervise tgtd (the default), or use one already running on `controlPort`.
    var startsTgtd: Bool

    init(portal: String, controlPort: Int, iqnPrefix: String = TgtTargetHelper.defaultPrefix, startsTgtd: Bool = true) {
        self.portal = portal
        self.controlPort = controlPort
        self.iqnPrefix = iqnPrefix
        self.startsTgtd = startsTgtd
    }
}
