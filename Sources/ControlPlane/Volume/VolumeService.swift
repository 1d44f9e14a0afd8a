public import EmberBus
import EmberModel
import EmberRPC
public import EmberStore
import Foundation
public import Logging
public import ServiceLifecycle

/// The volume service process: registers itself, recovers, then consumes its topic and reports its
/// capabilities and heartbeat every `reportInterval` until graceful shutdown, draining in-flight work.
/// Whoever starts it checks its backend first (`driver.checkSetup()`): `AllInOne` does so before
/// anything listens, so a missing volume group stops `ember serve` before it answers.
public struct VolumeService: Service {
    public let manager: VolumeManager
    let store: any Store
    let bus: any Bus
    let reportInterval: Duration
    let logger: Logger

    public init(manager: VolumeManager, store: any Store, bus: any Bus, reportInterval: Duration = .seconds(10), logger: Logger) {
        self.manager = manager
        self.store = store
        self.bus = bus
        self.reportInterval = reportInterval
        self.logger = logger
    }

    var host: String { manager.configuration.host }

    public func run() async throws {
        try await store.registerService(
            ServiceRecord(host: host, binary: "ember-volume", availabilityZone: manager.configuration.availabilityZone))
        try await manager.recover(context: serviceContext())
        let subscription = try await bus.subscribe(topic: VolumeRPC.topic, server: host)
        logger.info("volume service \(host) consuming \(VolumeRPC.topic) with backend \(manager.driver.backendName)")
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await reportPeriodically() }
                await rpcServer.run(subscription)
                group.cancelAll()
            }
        } onGracefulShutdown: {
            Task { await subscription.close() }
        }
    }

    private var rpcServer: RPCServer {
        var server = RPCServer(logger: logger)
        server.on(VolumeRPC.Method.createVolume) { args, context in
            try await manager.createVolume(args.volumeID, context: context)
        }
        server.on(VolumeRPC.Method.deleteVolume) { args, context in
            try await manager.deleteVolume(args.volumeID, context: context)
        }
        server.on(VolumeRPC.Method.extendVolume) { args, context in
            try await manager.extendVolume(args.volumeID, context: context)
        }
        server.on(VolumeRPC.Method.revertToSnapshot) { args, context in
            try await manager.revertVolume(args.volumeID, toSnapshot: args.snapshotID, context: context)
        }
        server.on(VolumeRPC.Method.initializeConnection) { args, context in
            try await manager.initializeConnection(args.volumeID, connector: args.connector, mode: args.mode, context: context)
        }
        server.on(VolumeRPC.Method.terminateConnection) { args, context in
            try await manager.terminateConnection(args.volumeID, context: context)
        }
        server.on(VolumeRPC.Method.createSnapshot) { args, context in
            try await manager.createSnapshot(args.snapshotID, context: context)
        }
        server.on(VolumeRPC.Method.deleteSnapshot) { args, context in
            try await manager.deleteSnapshot(args.snapshotID, context: context)
        }
        server.on(VolumeRPC.Method.publishServiceCapabilities) { _, _ in
            await report()
        }
        return server
    }

    private func reportPeriodically() async {
        while !Task.isCancelled {
            await report()
            try? await Task.sleep(for: reportInterval)
        }
    }

    /// One heartbeat and one capability report; a failure is logged and retried at the next interval.
    func report() async {
        do {
            try await store.recordHeartbeat(host: host, binary: "ember-volume", at: Date())
            let scheduler = SchedulerRPC(client: RPCClient(bus: bus))
            try await scheduler.updateServiceCapabilities(manager.capabilities(), context: serviceContext())
        } catch {
            logger.warning("capability report failed: \(error)")
        }
    }

    private func serviceContext() -> CallContext {
        .service("ember-volume", requestID: "req-\(UUID().key)")
    }
}
