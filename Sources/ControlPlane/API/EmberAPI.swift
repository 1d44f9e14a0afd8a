import Hummingbird
import Logging

/// The HTTP API process: Cinder v3 routes behind request-id, microversion and auth middlewares.
/// It reaches the scheduler and the volume services only through the bus.
public struct EmberAPI: Sendable {
    public let store: any Store
    public let bus: any Bus
    public var defaultAvailabilityZone: String

    public init(store: any Store, bus: any Bus, defaultAvailabilityZone: String = "nova") {
        self.store = store
        self.bus = bus
        self.defaultAvailabilityZone = defaultAvailabilityZone
    }

    public func router() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: MicroversionMiddleware())
        router.add(middleware: NoAuthMiddleware())
        let rpc = RPCClient(bus: bus)
        VersionRoutes().register(on: router)
        let volumeRoutes = VolumeRoutes(
            store: store, scheduler: SchedulerRPC(client: rpc), volumes: VolumeRPC(client: rpc),
            defaultAvailabilityZone: defaultAvailabilityZone)
        volumeRoutes.register(on: router)
        VolumeActionRoutes(volumeRoutes: volumeRoutes).register(on: router)
        SnapshotRoutes(store: store, volumes: VolumeRPC(client: rpc)).register(on: router)
        AttachmentRoutes(store: store, volumes: VolumeRPC(client: rpc)).register(on: router)
        TypeRoutes(store: store).register(on: router)
        QuotaRoutes(store: store).register(on: router)
        ServiceRoutes(store: store, defaultAvailabilityZone: defaultAvailabilityZone).register(on: router)
        SchedulerStatsRoutes(scheduler: SchedulerRPC(client: rpc)).register(on: router)
        return router
    }
}
