package import EmberBus
import EmberModel
import EmberRPC
package import EmberStore
import Foundation
package import Logging
package import ServiceLifecycle

/// The scheduler: places new volumes on volume hosts.
///
/// It learns the hosts from their capability reports, ranks them with `HostSelector`, and claims the
/// best one in the store, where the capacity check is repeated inside the claiming transaction, so
/// two schedulers racing can never overcommit a host. Then it casts the create to that host.
package struct SchedulerService: Service {
    package let hostName: String
    package let hosts: HostManager
    let store: any Store
    let bus: any Bus
    let selector: HostSelector
    let logger: Logger
    /// The volume services, reached over the bus.
    var volumes: VolumeRPC { VolumeRPC(client: RPCClient(bus: bus)) }

    package init(
        hostName: String, store: any Store, bus: any Bus, hosts: HostManager = HostManager(),
        selector: HostSelector = HostSelector(), logger: Logger
    ) {
        self.hostName = hostName
        self.store = store
        self.bus = bus
        self.hosts = hosts
        self.selector = selector
        self.logger = logger
    }

    package func run() async throws {
        let subscription = try await bus.subscribe(topic: SchedulerRPC.topic, server: hostName)
        try await store.registerService(ServiceRecord(host: hostName, binary: ServiceRecord.Binary.scheduler, availabilityZone: "nova"))
        let context = CallContext.service("ember-scheduler", requestID: "req-\(UUID.random().key)")
        try? await volumes.publishServiceCapabilities(context: context)
        logger.info("scheduler \(hostName) consuming \(SchedulerRPC.topic)")
        await rpcServer.serve(
            subscription,
            alongside: [
                { await rescheduleUnplaced(context: context) },
                {
                    await repeating(every: .seconds(10)) {
                        await heartbeat()
                        await failCreatesOnDownHosts()
                    }
                },
            ])
    }

    private var rpcServer: RPCServer {
        var server = RPCServer(logger: logger)
        server.on(SchedulerRPC.Method.createVolume) { request, context in
            try await schedule(request, context: context)
        }
        server.on(SchedulerRPC.Method.extendVolume) { args, context in
            try await extend(args.volumeID, context: context)
        }
        server.on(SchedulerRPC.Method.updateServiceCapabilities) { report, _ in
            await hosts.record(report.capabilities, sentAt: report.sentAt)
        }
        server.on(SchedulerRPC.Method.doCleanup) { (_: NoArguments, context: CallContext) async throws -> Void in
            await failCreatesOnDownHosts()
            await rescheduleUnplaced(context: context)
        }
        server.on(SchedulerRPC.Method.getPools) { _, _ in
            try await hosts.hostStates(allocated: store.allocatedCapacityGB()).map {
                PoolReport(name: $0.host, capabilities: $0.capabilities, allocatedCapacityGB: $0.allocatedGB)
            }
        }
        return server
    }

    /// Keeps `os-services` showing this scheduler up; a failed beat is retried at the next interval.
    private func heartbeat() async {
        do {
            try await store.recordHeartbeat(host: hostName, binary: ServiceRecord.Binary.scheduler)
        } catch {
            logger.warning("scheduler heartbeat failed: \(error)")
        }
    }

    /// Sends to `error` the volumes still creating on volume hosts that are down (no heartbeat for
    /// `ServiceRecord.downAfter`, by the database's clock): their service is gone, and a user must not
    /// wait on them forever. Each move is conditional, so schedulers running this side by side, or a
    /// host finishing the create as it comes back, never both win.
    func failCreatesOnDownHosts() async {
        do {
            let down = try await store.services().filter { $0.binary == ServiceRecord.Binary.volume && !$0.isUp }.map(\.host)
            for host in down {
                for volume in try await store.volumes(onHost: host) where volume.status == .creating {
                    if try await store.apply(.createFailed, toVolume: volume.id) {
                        logger.warning("volume \(volume.id.key): its host \(host) is down; set to error")
                    }
                }
            }
        } catch is CancellationError {
            // The service is stopping: the next scheduler's sweep takes over.
        } catch {
            logger.warning("failing the creates of down hosts failed: \(error)")
        }
    }

    /// Places the volumes a stopped scheduler left unplaced. Safe beside other schedulers: a claim
    /// succeeds only for a volume that is still unplaced.
    func rescheduleUnplaced(context: CallContext) async {
        do {
            let unplaced = try await store.unplacedVolumes()
            guard !unplaced.isEmpty else { return }
            _ = await hosts.waitForFirstReport(timeout: .seconds(30))
            for volume in unplaced {
                logger.info("rescheduling unplaced volume \(volume.id.key)")
                try await schedule(store.placementRequest(for: volume), context: context)
            }
        } catch {
            logger.error("rescheduling unplaced volumes failed: \(error)")
        }
    }

    /// Re-checks the capacity of an extending volume's host for the larger size (the new size is
    /// already reserved in the store, so concurrent claims see it) and passes the extend on, or sends
    /// the volume back to available when the host has no room.
    func extend(_ id: UUID, context: CallContext) async throws {
        guard let volume = try await store.volume(id: id), volume.status == .extending,
            let host = volume.host, let newSize = volume.extendSizeGB
        else { return }
        let delta = newSize - volume.sizeGB
        var request = try await store.placementRequest(for: volume)
        request.sizeGB = delta
        request.requiredHost = host
        let allocated = try await store.allocatedCapacityGB()
        let state = await hosts.hostStates(allocated: allocated).first { $0.host == host }
        guard let state, selector.admits(state.with(allocatedGB: state.allocatedGB - delta), for: request) else {
            logger.warning("extend \(id.key) to \(newSize) GiB: no room on \(host)")
            try await store.finishExtend(id: id, .extendRefused)
            return
        }
        try await store.recordWork(.volume(id, .extending, host: host))
        do {
            try await volumes.extendVolume(id, host: host, context: context)
        } catch {
            logger.error("extend \(id.key): cannot reach \(host): \(error)")
            try await store.finishExtend(id: id, .extendFailed)
        }
    }

    /// Hosts a create is cast to before the volume goes to error (Cinder's `scheduler_max_attempts`).
    static let maxAttempts = 3

    /// Places one volume: the first ranked host whose transactional re-check admits it wins. When
    /// that host cannot be reached (its service gone from the bus), the claim is released and the
    /// next ranked host tried, up to `maxAttempts` hosts.
    func schedule(_ request: PlacementRequest, context: CallContext) async throws {
        var logger = logger
        logger[metadataKey: "request_id"] = "\(context.requestID)"
        let candidates = try await selector.rank(enabledHostStates(), for: request)
        var attempts = 0
        for candidate in candidates where attempts < Self.maxAttempts {
            let claimed = try await store.claimHost(volumeID: request.volumeID, host: candidate.host) { allocated in
                selector.admits(candidate.with(allocatedGB: allocated), for: request)
            }
            guard claimed else { continue }
            attempts += 1
            logger.info("volume \(request.volumeID.key) placed on \(candidate.host)")
            do {
                return try await volumes.createVolume(request.volumeID, host: candidate.host, context: context)
            } catch {
                logger.error("volume \(request.volumeID.key): cannot reach \(candidate.host) (attempt \(attempts)): \(error)")
                // The next host gets it, unless this was the last attempt or the claim is no longer ours.
                guard attempts < Self.maxAttempts, try await store.releaseHost(volumeID: request.volumeID, host: candidate.host) else {
                    try await store.apply(.createFailed, toVolume: request.volumeID)
                    return
                }
            }
        }
        logger.warning("volume \(request.volumeID.key): No valid backend was found (\(candidates.count) candidate(s))")
        guard try await store.apply(.schedulingFailed, toVolume: request.volumeID), let volume = try await store.volume(id: request.volumeID) else {
            return
        }
        do {
            try await store.insertMessage(
                UserMessage(projectID: volume.projectID, requestID: context.requestID, resourceUUID: volume.id, event: .noValidBackend))
        } catch {
            logger.warning("user message for volume \(volume.id.key) not written: \(error)")
        }
    }

    /// The fresh host states of volume services that are up by their heartbeats (judged by the
    /// database's clock, as `os-services` shows them) and that an admin has not disabled.
    private func enabledHostStates() async throws -> [HostState] {
        let (services, allocated) = try await store.placementInputs()
        let excluded = Set(services.filter { $0.binary == ServiceRecord.Binary.volume && ($0.disabled || !$0.isUp) }.map(\.host))
        return await hosts.hostStates(allocated: allocated).filter { !excluded.contains($0.capabilities.host) }
    }
}
