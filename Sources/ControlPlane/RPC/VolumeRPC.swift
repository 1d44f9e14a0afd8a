public import EmberBus
public import EmberModel
public import Foundation

/// The volume service's RPC interface, as its callers use it (Cinder's volume/rpcapi).
///
/// `Method` declares each method once, with its version and the types that cross the bus; the
/// volume service registers its handlers against the same declarations.
public struct VolumeRPC: Sendable {
    public static let topic = "ember-volume"

    /// Every method of the volume service.
    public enum Method {
        public static let createVolume = RPCMethod<VolumeArgs, NoArguments>("create_volume")
        public static let deleteVolume = RPCMethod<VolumeArgs, NoArguments>("delete_volume")
        public static let extendVolume = RPCMethod<VolumeArgs, NoArguments>("extend_volume")
        public static let revertToSnapshot = RPCMethod<RevertArgs, NoArguments>("revert_to_snapshot")
        public static let initializeConnection = RPCMethod<ConnectionArgs, ConnectionInfo>("initialize_connection")
        public static let terminateConnection = RPCMethod<VolumeArgs, NoArguments>("terminate_connection")
        public static let createSnapshot = RPCMethod<SnapshotArgs, NoArguments>("create_snapshot")
        public static let deleteSnapshot = RPCMethod<SnapshotArgs, NoArguments>("delete_snapshot")
        public static let publishServiceCapabilities = RPCMethod<NoArguments, NoArguments>("publish_service_capabilities")
    }

    /// The arguments of the per-volume methods.
    public struct VolumeArgs: Codable, Sendable, Equatable {
        public var volumeID: UUID
        public init(volumeID: UUID) { self.volumeID = volumeID }
    }

    /// The arguments of a revert.
    public struct RevertArgs: Codable, Sendable, Equatable {
        public var volumeID: UUID
        public var snapshotID: UUID
    }

    /// The arguments of an export.
    public struct ConnectionArgs: Codable, Sendable, Equatable {
        public var volumeID: UUID
        public var connector: Connector
        public var mode: String
    }

    /// The arguments of the per-snapshot methods.
    public struct SnapshotArgs: Codable, Sendable, Equatable {
        public var snapshotID: UUID
    }

    public let client: RPCClient

    public init(client: RPCClient) {
        self.client = client
    }

    public func createVolume(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.createVolume, VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    public func deleteVolume(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.deleteVolume, VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    public func extendVolume(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.extendVolume, VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    public func revertToSnapshot(_ id: UUID, snapshotID: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.revertToSnapshot, RevertArgs(volumeID: id, snapshotID: snapshotID), context: context, to: target(host))
    }

    /// Exports a volume for a connector and returns where to find it (a call: the API waits).
    public func initializeConnection(_ id: UUID, connector: Connector, mode: String, host: String, context: CallContext) async throws -> ConnectionInfo {
        try await client.call(
            Method.initializeConnection, ConnectionArgs(volumeID: id, connector: connector, mode: mode), context: context, to: target(host))
    }

    /// Removes a volume's export (a call: the API waits, so a detach ends with the target gone).
    public func terminateConnection(_ id: UUID, host: String, context: CallContext) async throws {
        _ = try await client.call(Method.terminateConnection, VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    public func createSnapshot(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.createSnapshot, SnapshotArgs(snapshotID: id), context: context, to: target(host))
    }

    public func deleteSnapshot(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.deleteSnapshot, SnapshotArgs(snapshotID: id), context: context, to: target(host))
    }

    /// Asks every volume service to report its capabilities now (a scheduler that just started).
    public func publishServiceCapabilities(context: CallContext) async throws {
        try await client.fanout(Method.publishServiceCapabilities, NoArguments(), context: context, topic: Self.topic)
    }

    private func target(_ host: String) -> BusTarget { BusTarget(topic: Self.topic, server: host) }
}
