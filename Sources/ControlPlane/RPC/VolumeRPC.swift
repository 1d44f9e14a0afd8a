package import EmberBus
package import EmberModel
package import Foundation

/// The volume service's RPC interface, as its callers use it (Cinder's volume/rpcapi).
///
/// `Method` declares each method once, with its version and the types that cross the bus; the
/// volume service registers its handlers against the same declarations.
package struct VolumeRPC: Sendable {
    package static let topic = "ember-volume"

    /// Every method of the volume service.
    package enum Method {
        package static let createVolume = RPCMethod<VolumeArgs, NoArguments>("create_volume")
        package static let deleteVolume = RPCMethod<VolumeArgs, NoArguments>("delete_volume")
        package static let extendVolume = RPCMethod<VolumeArgs, NoArguments>("extend_volume")
        package static let revertToSnapshot = RPCMethod<RevertArgs, NoArguments>("revert_to_snapshot")
        package static let initializeConnection = RPCMethod<ConnectionArgs, ConnectionInfo>("initialize_connection")
        package static let terminateConnection = RPCMethod<VolumeArgs, NoArguments>("terminate_connection")
        package static let createSnapshot = RPCMethod<SnapshotArgs, NoArguments>("create_snapshot")
        package static let deleteSnapshot = RPCMethod<SnapshotArgs, NoArguments>("delete_snapshot")
        package static let publishServiceCapabilities = RPCMethod<NoArguments, NoArguments>("publish_service_capabilities")
        package static let getCapabilities = RPCMethod<NoArguments, HostCapabilities>("get_capabilities")
        package static let inspectManageable = RPCMethod<ManageableArgs, ManageableStore>("inspect_manageable")
        package static let doCleanup = RPCMethod<WorkerQuery, NoArguments>("do_cleanup")
    }

    /// The arguments of the per-volume methods.
    package struct VolumeArgs: Codable, Sendable, Equatable {
        package var volumeID: UUID
        package init(volumeID: UUID) { self.volumeID = volumeID }
    }

    /// The arguments of a revert.
    package struct RevertArgs: Codable, Sendable, Equatable {
        package var volumeID: UUID
        package var snapshotID: UUID
    }

    /// The arguments of an export.
    package struct ConnectionArgs: Codable, Sendable, Equatable {
        package var volumeID: UUID
        package var connector: Connector
        package var mode: String
    }

    /// The name of a backing store to manage.
    package struct ManageableArgs: Codable, Sendable, Equatable {
        package var name: String
    }

    /// The arguments of the per-snapshot methods.
    package struct SnapshotArgs: Codable, Sendable, Equatable {
        package var snapshotID: UUID
    }

    package let client: RPCClient

    package init(client: RPCClient) {
        self.client = client
    }

    package func createVolume(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.createVolume, VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    package func deleteVolume(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.deleteVolume, VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    package func extendVolume(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.extendVolume, VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    package func revertToSnapshot(_ id: UUID, snapshotID: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.revertToSnapshot, RevertArgs(volumeID: id, snapshotID: snapshotID), context: context, to: target(host))
    }

    /// Exports a volume for a connector and returns where to find it (a call: the API waits).
    package func initializeConnection(_ id: UUID, connector: Connector, mode: String, host: String, context: CallContext) async throws -> ConnectionInfo {
        try await client.call(
            Method.initializeConnection, ConnectionArgs(volumeID: id, connector: connector, mode: mode), context: context, to: target(host))
    }

    /// Removes a volume's export (a call: the API waits, so a detach ends with the target gone).
    package func terminateConnection(_ id: UUID, host: String, context: CallContext) async throws {
        _ = try await client.call(Method.terminateConnection, VolumeArgs(volumeID: id), context: context, to: target(host))
    }

    package func createSnapshot(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.createSnapshot, SnapshotArgs(snapshotID: id), context: context, to: target(host))
    }

    package func deleteSnapshot(_ id: UUID, host: String, context: CallContext) async throws {
        try await client.cast(Method.deleteSnapshot, SnapshotArgs(snapshotID: id), context: context, to: target(host))
    }

    /// What one volume service (`host@backend`, or one of its pools) reports of its backend, asked now.
    package func getCapabilities(host: String, context: CallContext) async throws -> HostCapabilities {
        try await client.call(Method.getCapabilities, NoArguments(), context: context, to: target(host))
    }

    /// A backing store Ember did not make, on one volume service, looked at for a manage (a call: the
    /// API answers a name that does not exist with a 404 at once).
    package func inspectManageable(_ name: String, host: String, context: CallContext) async throws -> ManageableStore {
        try await client.call(Method.inspectManageable, ManageableArgs(name: name), context: context, to: target(host))
    }

    /// Asks one volume service to resume the work its worker records (those `query` selects) say it
    /// owes (`POST /workers/cleanup`; a cast).
    package func doCleanup(_ query: WorkerQuery, host: String, context: CallContext) async throws {
        try await client.cast(Method.doCleanup, query, context: context, to: target(host))
    }

    /// Asks every volume service to report its capabilities now (a scheduler that just started).
    package func publishServiceCapabilities(context: CallContext) async throws {
        try await client.fanout(Method.publishServiceCapabilities, NoArguments(), context: context, topic: Self.topic)
    }

    /// A volume's service: the `host@backend` part of the pool the volume is recorded on.
    private func target(_ host: String) -> BusTarget { BusTarget(topic: Self.topic, server: VolumeHost.backend(of: host)) }
}
