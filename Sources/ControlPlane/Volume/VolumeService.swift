package import EmberBus
import EmberMetrics
import EmberModel
import EmberRPC
package import EmberStore
import Foundation
package import Logging
package import ServiceLifecycle

/// The volume service process: registers itself, recovers, then consumes its topic and reports its
/// capabilities and heartbeat every `reportInterval` until graceful shutdown, draining in-flight work.
/// Whoever starts it checks its backend first (`driver.checkSetup()`): `AllInOne` does so before
/// anything listens, so a missing volume group stops `ember serve` before it answers.
package struct VolumeService: Service {
    package let manager: VolumeManager
    let store: any Store
    let bus: any Bus
    let reportInterval: Duration
    let logger: Logger

    package init(manager: VolumeManager, store: any Store, bus: any Bus, reportInterval: Duration = .seconds(10), logger: Logger) {
        self.manager = manager
        self.store = store
        self.bus = bus
        self.reportInterval = reportInterval
        self.logger = logger
    }

    var host: String { manager.configuration.host }

    package func run() async throws {
        // Subscribed before it registers (with a fresh heartbeat): `up` in os-services means the bus
        // reaches it, and a restart within the down time never shows it down, so no scheduler's sweep
        // fails the creates its recovery is about to finish. Casts to this host are taken (and wait
        // in the subscription) from now on, and handled only once recovery has finished.
        let subscription = try await bus.subscribe(topic: VolumeRPC.topic, server: host)
        try await store.registerService(
            ServiceRecord(host: host, binary: ServiceRecord.Binary.volume, availabilityZone: manager.configuration.availabilityZone))
        try await manager.recover(context: serviceContext())
        logger.info("volume service \(host) consuming \(VolumeRPC.topic) with backend \(manager.driver.backendName)")
        await rpcServer.serve(subscription, alongside: [{ await repeating(every: reportInterval) { await report() } }])
    }

    /// Every method of `VolumeRPC.Method`, each handed to the manager step of the same name.
    private var rpcServer: RPCServer {
        typealias Step = @Sendable (UUID, CallContext) async throws -> Void
        let volumeSteps: [(RPCMethod<VolumeRPC.VolumeArgs, NoArguments>, Step)] = [
            (VolumeRPC.Method.createVolume, manager.createVolume), (VolumeRPC.Method.deleteVolume, manager.deleteVolume),
            (VolumeRPC.Method.extendVolume, manager.extendVolume), (VolumeRPC.Method.terminateConnection, manager.terminateConnection),
        ]
        let snapshotSteps: [(RPCMethod<VolumeRPC.SnapshotArgs, NoArguments>, Step)] = [
            (VolumeRPC.Method.createSnapshot, manager.createSnapshot), (VolumeRPC.Method.deleteSnapshot, manager.deleteSnapshot),
        ]
        var server = RPCServer(logger: logger)
        for (method, step) in volumeSteps { server.on(method) { args, context in try await step(args.volumeID, context) } }
        for (method, step) in snapshotSteps { server.on(method) { args, context in try await step(args.snapshotID, context) } }
        server.on(VolumeRPC.Method.revertToSnapshot) { args, context in
            try await manager.revertVolume(args.volumeID, toSnapshot: args.snapshotID, context: context)
        }
        server.on(VolumeRPC.Method.initializeConnection) { args, context in
            try await manager.initializeConnection(args.volumeID, connector: args.connector, mode: args.mode, context: context)
        }
        server.on(VolumeRPC.Method.publishServiceCapabilities) { _, _ in await report() }
        server.on(VolumeRPC.Method.getCapabilities) { _, _ in try await manager.capabilities() }
        server.on(VolumeRPC.Method.inspectManageable) { args, context in try await manager.manageable(args.name, context: context) }
        server.on(VolumeRPC.Method.doCleanup) { query, context in _ = try await manager.cleanUp(query, context: context) }
        return server
    }

    /// One heartbeat and one capability report, each on its own: a busy database that refuses the
    /// heartbeat does not hold the schedulers' report back a whole interval. A failure is logged and
    /// retried at the next interval.
    func report() async {
        do {
            try await store.recordHeartbeat(host: host, binary: ServiceRecord.Binary.volume)
        } catch {
            logger.warning("heartbeat failed: \(error)")
        }
        do {
            let scheduler = SchedulerRPC(client: RPCClient(bus: bus))
            let capabilities = try await manager.capabilities()
            try await scheduler.updateServiceCapabilities(capabilities, context: serviceContext())
            let pool = capabilities.poolHost
            EmberMetric.poolCapacity.set(capabilities.totalCapacityGB * Double(GiB.bytes), pool, "total")
            EmberMetric.poolCapacity.set(capabilities.freeCapacityGB * Double(GiB.bytes), pool, "free")
            let allocated = try await store.allocatedCapacityGB().first { VolumeHost.name($0.key, isOn: host) }?.value ?? 0
            EmberMetric.poolCapacity.set(Double(allocated) * Double(GiB.bytes), pool, "allocated")
        } catch {
            logger.warning("capability report failed: \(error)")
        }
    }

    private func serviceContext() -> CallContext {
        .service("ember-volume", requestID: "req-\(UUID.random().key)")
    }
}
