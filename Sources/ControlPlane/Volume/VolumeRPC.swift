import Foundation

/// The volume service's RPC interface, as its callers use it (Cinder's volume/rpcapi).
public struct VolumeRPC: Sendable {
    public static let topic = "ember-volume"

    enum Method {
        static let createVolume = "create_volume"
        static let deleteVolume = "delete_volume"
        static let extendVolume = "extend_volume"
        static let revertToSnapshot = "revert_to_snapshot"
        static let createSnapshot = "create_snapshot"
        static let initializeConnection = "initialize_connection"
        static let terminateConnection = "terminate_connection"
        static let deleteSnapshot = "delete_snapshot"
        static let publishServiceCapabilities = "publish_service_capabilities"
    }

    /// The arguments of the per-volume methods.
    struct VolumeArgs: Codable, Sendable {
        var volumeID: UUID
    }

    /// The arguments of a revert.
    struct RevertArgs: Codable, Sendable {
        var volumeID: UUID
        var snapshotID: UUID
    }

    /// The arguments of an export.
    struct ConnectionArgs: Codable, Sendable {
        var volumeID: UUID
        var connector: Connector
        var mode: String
    }

    /// The arguments of the per-snapshot methods.
    struct SnapshotArgs: Codable, Sendable {
        var snapshotID: UUID
    }

    public let client: RPCClient

    public init(client: RPCClient) {
        self.client = client
    }

    public func createVolume(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.createVolume, args: VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    public func deleteVolume(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.deleteVolume, args: VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    public func extendVolume(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.extendVolume, args: VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    public func revertToSnapshot(_ id: UUID, snapshotID: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.revertToSnapshot, args: RevertArgs(volumeID: id, snapshotID: snapshotID), context: context, to: target(host))
    }

    /// Exports a volume for a connector and returns where to find it (a call: the API waits).
    public func initializeConnection(_ id: UUID, connector: Connector, mode: String, host: String, context: CallContext) async throws -> ConnectionInfo {
        try await client.call(Method.initializeConnection, args: ConnectionArgs(volumeID: id, connector: connector, mode: mode),
                              context: context, to: target(host), returning: ConnectionInfo.self)
    }

    /// Removes a volume's export (a call: the API waits, so a detach ends with the target gone).
    public func terminateConnection(_ id: UUID, host: String, context: CallContext) async throws {
        _ = try await client.call(Method.terminateConnection, args: VolumeArgs(volumeID: id), context: context, to: target(host),
                                  returning: NoArguments.self)
    }

    public func createSnapshot(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.createSnapshot, args: SnapshotArgs(snapshotID: id), context: context, to: target(host))
    }

    public func deleteSnapshot(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.deleteSnapshot, args: SnapshotArgs(snapshotID: id), context: context, to: target(host))
    }

    /// Asks every volume service to report its capabilities now (a scheduler that just started).
    public func publishServiceCapabilities(context: CallContext) async throws {
        try await client.fanout(Method.publishServiceCapabilities, args: NoArguments(), context: context, topic: Self.topic)
    }

    private func target(_ host: String) -> BusTarget { BusTarget(topic: Self.topic, server: host) }
}
