package import EmberBus
package import EmberIdentity
import EmberRPC
package import EmberStore
package import Hummingbird
import Logging

/// The HTTP API process: Cinder v3 routes behind request-id, microversion and auth middlewares, and,
/// with identity, the Keystone v3 subset under `/identity/v3` and the web dashboard under `/dashboard`.
/// It reaches the scheduler and the volume services only through the bus.
package struct CinderAPI: Sendable {
    /// How callers are identified.
    package enum Authentication: Sendable {
        /// Development only: the token names the caller (`--auth noauth`).
        case noauth
        /// Keystone tokens issued and validated by the identity service in this process.
        case keystone(IdentityService, ServiceCatalog)
    }

    package let store: any Store
    package let bus: any Bus
    package var defaultAvailabilityZone: String
    package var authentication: Authentication
    package var policy: Policy
    /// Makes the keys of encrypted volumes (`--fixed-key-file`); nil refuses volumes of encrypted types.
    package var keyManager: (any KeyManager)?
    /// The metrics text `GET /metrics` serves (admins only); nil leaves the route out.
    package var metrics: (@Sendable () -> [UInt8])?

    package init(
        store: any Store, bus: any Bus, defaultAvailabilityZone: String = "nova", authentication: Authentication = .noauth,
        policy: Policy = .standard, keyManager: (any KeyManager)? = nil
    ) {
        self.keyManager = keyManager
        self.store = store
        self.bus = bus
        self.defaultAvailabilityZone = defaultAvailabilityZone
        self.authentication = authentication
        self.policy = policy
    }

    /// Where the identity API sits on the main listener, beside Cinder's `/v3`.
    package static let identityRoots = ["/identity"]
    /// Where it sits on the identity listener (`--identity-listen`): at `/v3` too, as Keystone's own.
    package static let identityListenerRoots = ["", "/identity"]

    /// A router with the identity API alone, at `/v3` and `/identity/v3` (for `--identity-listen`).
    package static func identityRouter(_ identity: IdentityService, catalog: ServiceCatalog, policy: Policy) -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: RequestIDMiddleware(identityRoots: Self.identityListenerRoots))
        router.add(middleware: TokenAuthMiddleware(identity: identity, policy: policy, identityRoots: Self.identityListenerRoots))
        IdentityRoutes(identity: identity, catalog: catalog).register(on: router, roots: Self.identityListenerRoots)
        return router
    }

    /// A router with `GET /metrics` alone and no authentication (for `--metrics-listen`, on an address
    /// only a scraper reaches).
    package static func metricsRouter(store: any Store, exposition: @escaping @Sendable () -> [UInt8]) -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: RequestIDMiddleware(identityRoots: []))
        router.get(RouterPath(MetricsRoutes.path)) { _, _ in try await MetricsRoutes.response(store, exposition) }
        return router
    }

    package func router() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: RequestIDMiddleware(identityRoots: Self.identityRoots))
        router.add(middleware: RequestMetricsMiddleware())
        router.add(middleware: EmptyIDMiddleware())
        router.add(middleware: MicroversionMiddleware())
        switch authentication {
        case .noauth:
            router.add(middleware: NoAuthMiddleware(policy: policy))
        case .keystone(let identity, let catalog):
            router.add(middleware: TokenAuthMiddleware(identity: identity, policy: policy, identityRoots: Self.identityRoots))
            IdentityRoutes(identity: identity, catalog: catalog).register(on: router, roots: Self.identityRoots)
        }
        let rpc = RPCClient(bus: bus)
        VersionRoutes().register(on: router)
        let volumes = VolumeAPI(
            store: store, scheduler: SchedulerRPC(client: rpc), volumes: VolumeRPC(client: rpc),
            defaultAvailabilityZone: defaultAvailabilityZone, keyManager: keyManager)
        let attachments = AttachmentAPI(store: store, volumes: VolumeRPC(client: rpc))
        VolumeRoutes(service: volumes).register(on: router)
        VolumeActionRoutes(service: volumes, attachments: attachments).register(on: router)
        let snapshots = SnapshotAPI(store: store, volumes: VolumeRPC(client: rpc))
        SnapshotRoutes(service: snapshots).register(on: router)
        AttachmentRoutes(service: attachments).register(on: router)
        TypeRoutes(service: VolumeTypeAPI(store: store)).register(on: router)
        QuotaRoutes(service: QuotaAPI(store: store)).register(on: router)
        ServiceRoutes(store: store, defaultAvailabilityZone: defaultAvailabilityZone).register(on: router)
        SchedulerStatsRoutes(scheduler: SchedulerRPC(client: rpc)).register(on: router)
        WorkerRoutes(service: WorkerAPI(store: store, scheduler: SchedulerRPC(client: rpc), volumes: VolumeRPC(client: rpc))).register(on: router)
        HostRoutes(store: store, volumes: VolumeRPC(client: rpc)).register(on: router)
        ExtensionRoutes().register(on: router)
        QoSRoutes(store: store).register(on: router)
        TransferRoutes(service: TransferAPI(store: store)).register(on: router)
        MessageRoutes(store: store).register(on: router)
        OperationRoutes(store: store).register(on: router)
        if let metrics { MetricsRoutes(store: store, exposition: metrics).register(on: router) }
        EncryptionRoutes(store: store).register(on: router)
        GroupTypeRoutes(store: store).register(on: router)
        DefaultTypeRoutes(store: store).register(on: router)
        GroupRoutes(service: GroupAPI(volumes: volumes, snapshots: snapshots)).register(on: router)
        ManageRoutes(service: ManageAPI(volumes: volumes, snapshots: snapshots)).register(on: router)
        GroupSnapshotRoutes(service: GroupAPI(volumes: volumes, snapshots: snapshots)).register(on: router)
        if case .keystone(let identity, let catalog) = authentication {
            Dashboard(identity: identity, catalog: catalog, volumes: volumes, snapshots: snapshots, scheduler: SchedulerRPC(client: rpc))
                .register(on: router)
        }
        return router
    }
}
