import EmberModel
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberSQLStore
@testable import EmberSQLite
@testable import EmberTestSupport

/// Cascade delete, retype on the volume's own backend, and a snapshot's creator reporting its status.
@Suite("Cascade delete, retype and os-update_snapshot_status")
struct VolumeChangeTests {
    func snapshot(_ client: some TestClientProtocol, of volume: UUID) async throws -> UUID {
        let response = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(volume.key)"}}"#)
        return try #require(UUID(key: response.json["snapshot"]?["id"]?.stringValue ?? ""))
    }

    /// An available volume with one available snapshot.
    func availableSnapshot(_ cluster: TestCluster, _ client: some TestClientProtocol) async throws -> (volume: UUID, snapshot: UUID) {
        let volume = try await client.createVolume()
        try await cluster.waitFor(volume, .available)
        let id = try await snapshot(client, of: volume)
        try await cluster.waitFor(snapshot: id, .available)
        return (volume, id)
    }

    @Test func aCascadeDeleteRemovesTheSnapshotsThenTheVolume() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume()
                try await cluster.waitFor(volume, .available)
                let snapshots = [try await snapshot(client, of: volume), try await snapshot(client, of: volume)]
                for id in snapshots { try await cluster.waitFor(snapshot: id, .available) }
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(volume.key)").status == .badRequest, "not without cascade")
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(volume.key)?cascade=True").status == .accepted)
                try await cluster.waitFor(volume, .deleted)
                for id in snapshots { #expect(try await cluster.store.snapshot(id: id) == nil) }
                #expect(try cluster.driver.existingSnapshots().isEmpty && cluster.driver.existingVolumes().isEmpty)
            }
        }
    }

    @Test func aCascadeDeleteRefusesASnapshotInUseAndChangesNothing() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let (volume, id) = try await availableSnapshot(cluster, client)
                #expect(try await cluster.store.apply(.restoreRequested, toSnapshot: id))
                let refused = try await client.send(.delete, "/v3/p1/volumes/\(volume.key)?cascade=true")
                #expect(refused.status == .badRequest && refused.fault?.message.contains("restoring") == true)
                #expect(try await cluster.store.volume(id: volume)?.status == .available)
                #expect(try await cluster.store.snapshot(id: id)?.status == .restoring)
            }
        }
    }

    @Test func retypeChangesTheTypeWhenTheBackendSatisfiesItAndRefusesOtherwise() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume()
                try await cluster.waitFor(volume, .available)
                for (name, backend) in [("same", "file"), ("other", "lvm")] {
                    let type = #"{"volume_type": {"name": "\#(name)", "extra_specs": {"volume_backend_name": "\#(backend)"}}}"#
                    #expect(try await client.send(.post, "/v3/p1/types", json: type, roles: "admin").status == .ok)
                }
                let retype = { (type: String) in
                    try await client.send(
                        .post, "/v3/p1/volumes/\(volume.key)/action", json: #"{"os-retype": {"new_type": "\#(type)", "migration_policy": "never"}}"#)
                }
                let other = try await retype("other")
                #expect(other.status == .badRequest && other.fault?.message.contains("does not migrate") == true)
                #expect(try await retype("same").status == .accepted)
                let shown = try await client.send(.get, "/v3/p1/volumes/\(volume.key)").json["volume"]
                #expect(shown?["volume_type"] == "same" && shown?["status"] == "available")
                #expect(try await retype("same").status == .badRequest, "the type it already has")
                #expect(try await retype("missing").status == .notFound)
                let bad = #"{"os-retype": {"new_type": "same", "migration_policy": "sometimes"}}"#
                #expect(try await client.send(.post, "/v3/p1/volumes/\(volume.key)/action", json: bad).status == .badRequest)
            }
        }
    }

    @Test func updateSnapshotStatusFollowsCindersStatusMapAndKeepsProgress() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let (_, id) = try await availableSnapshot(cluster, client)
                let update = { (status: String) in
                    try await client.send(
                        .post, "/v3/p1/snapshots/\(id.key)/action", json: #"{"os-update_snapshot_status": {"status": "\#(status)", "progress": "80%"}}"#)
                }
                #expect(try await update("error").status == .badRequest, "an available snapshot is not the creator's to move")
                #expect(try await cluster.store.apply(.statusReset(.creating), toSnapshot: id))
                #expect(try await update("deleting").status == .badRequest, "creating moves only to creating, available or error")
                #expect(try await update("error").status == .accepted)
                let shown = try await client.send(.get, "/v3/p1/snapshots/\(id.key)").json["snapshot"]
                #expect(shown?["status"] == "error" && shown?["os-extended-snapshot-attributes:progress"] == "80%")
            }
        }
    }

    @Test func volumesAnOlderReleasePlacedMoveToTheirBackendsPool() async throws {
        let (directory, store) = try await SQLStore.scratch("ember-pools")
        let placed = try await store.placedVolume(host: "h@file", .available)
        try await store.database.write { db in
            try db.execute(sql: "DELETE FROM \(db.dialect.migrationsTable) WHERE identifier = 'v7-pool-hosts'")
        }
        try await store.migrate()
        #expect(try await store.volume(id: placed.id)?.host == "h@file#file")
        #expect(try await store.volumes(onHost: "h@file").map(\.id) == [placed.id])
        _ = directory
    }
}
