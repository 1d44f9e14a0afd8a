import Foundation

/// The scheduler's RPC interface, as its callers use it (Cinder's scheduler/rpcapi).
public struct SchedulerRPC: Sendable {
    public static let topic = "ember-scheduler"

    enum Method {
        static let createVolume = "create_volume"
        static let extendVolume = "extend_volume"
        static let updateServiceCapabilities = "update_service_capabilities"
        static let getPools = "get_pools"
    }

    public let client: RPCClient

    public init(client: RPCClient) {
        self.client = client
    }

    /// Asks a scheduler to place a new volume (a cast: the API does not wait).
    public func createVolume(_ request: PlacementRequest, context: CallContext) async throws {
        try await client.cast(Method.createVolume, args: request, context: context, to: BusTarget(topic: Self.topic))
    }

    /// Asks a scheduler to re-check capacity for a volume the API moved to `extending`.
    public func extendVolume(_ id: UUID, context: CallContext) async throws {
        try await client.cast(Method.extendVolume, args: VolumeRPC.VolumeArgs(volumeID: id), context: context, to: BusTarget(topic: Self.topic))
    }

    /// A volume service's periodic report, to every scheduler.
    public func updateServiceCapabilities(_ capabilities: HostCapabilities, context: CallContext) async throws {
        try await client.fanout(Method.updateServiceCapabilities, args: capabilities, context: context, topic: Self.topic)
    }

    /// The hosts one scheduler knows, with their capacity (admin `scheduler-stats/get_pools`).
    public func getPools(context: CallContext) async throws -> [PoolReport] {
        try await client.call(
            Method.getPools, args: NoArguments(), context: context, to: BusTarget(topic: Self.topic),
            returning: [PoolReport].self)
    }
}

/// One pool as `GET /scheduler-stats/get_pools` shows it.
public struct PoolReport: Codable, Sendable, Equatable {
    public var name: String
    public var capabilities: HostCapabilities
    public var allocatedCapacityGB: Int
}
