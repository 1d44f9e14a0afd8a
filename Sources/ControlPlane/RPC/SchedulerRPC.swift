package import EmberBus
package import EmberModel
package import Foundation

/// The scheduler's RPC interface, as its callers use it (Cinder's scheduler/rpcapi).
package struct SchedulerRPC: Sendable {
    package static let topic = "ember-scheduler"

    /// Every method of the scheduler.
    package enum Method {
        package static let createVolume = RPCMethod<PlacementRequest, NoArguments>("create_volume")
        package static let extendVolume = RPCMethod<VolumeRPC.VolumeArgs, NoArguments>("extend_volume")
        package static let updateServiceCapabilities = RPCMethod<CapabilityReport, NoArguments>("update_service_capabilities")
        package static let getPools = RPCMethod<NoArguments, [PoolReport]>("get_pools")
        package static let doCleanup = RPCMethod<NoArguments, NoArguments>("do_cleanup")
    }

    package let client: RPCClient

    package init(client: RPCClient) {
        self.client = client
    }

    /// Asks a scheduler to place a new volume (a cast: the API does not wait).
    package func createVolume(_ request: PlacementRequest, context: CallContext) async throws {
        try await client.cast(Method.createVolume, request, context: context, to: BusTarget(topic: Self.topic))
    }

    /// Asks a scheduler to re-check capacity for a volume the API moved to `extending`.
    package func extendVolume(_ id: UUID, context: CallContext) async throws {
        try await client.cast(Method.extendVolume, VolumeRPC.VolumeArgs(volumeID: id), context: context, to: BusTarget(topic: Self.topic))
    }

    /// A volume service's periodic report, to every scheduler, stamped with when it was sent.
    package func updateServiceCapabilities(_ capabilities: HostCapabilities, sentAt: Date = Date(), context: CallContext) async throws {
        try await client.fanout(
            Method.updateServiceCapabilities, CapabilityReport(capabilities: capabilities, sentAt: sentAt), context: context, topic: Self.topic)
    }

    /// Asks a scheduler to finish now what schedulers left: unplaced volumes placed, creates on down
    /// hosts failed (`POST /workers/cleanup`; a cast).
    package func doCleanup(context: CallContext) async throws {
        try await client.cast(Method.doCleanup, NoArguments(), context: context, to: BusTarget(topic: Self.topic))
    }

    /// The hosts one scheduler knows, with their capacity (admin `scheduler-stats/get_pools`).
    package func getPools(context: CallContext) async throws -> [PoolReport] {
        try await client.call(Method.getPools, NoArguments(), context: context, to: BusTarget(topic: Self.topic))
    }
}

/// A volume service's capabilities as sent: a scheduler keeps the newest per host, so a report that
/// the broker delivers late (after a reconnect, or redelivered) never replaces a newer one.
package struct CapabilityReport: Codable, Sendable, Equatable {
    package var capabilities: HostCapabilities
    /// The sender's clock when it sent the report; compared only with the same host's reports.
    package var sentAt: Date

    package init(capabilities: HostCapabilities, sentAt: Date) {
        self.capabilities = capabilities
        self.sentAt = sentAt
    }
}

/// One pool as `GET /scheduler-stats/get_pools` shows it.
package struct PoolReport: Codable, Sendable, Equatable {
    package var name: String
    package var capabilities: HostCapabilities
    package var allocatedCapacityGB: Int

    package init(name: String, capabilities: HostCapabilities, allocatedCapacityGB: Int) {
        self.name = name
        self.capabilities = capabilities
        self.allocatedCapacityGB = allocatedCapacityGB
    }
}
