import DataPath
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberTestSupport

/// The behaviours Cinder gates behind microversions up to 3.60, on the resources Ember serves:
/// each is absent below its version and present from it.
@Suite("Microversion-gated behaviours")
struct MicroversionGateTests {
    static let latest = "volume 3.60"

    @Test func summaryETagForceDeleteFiltersAndLimits() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume(size: 2)
                try await cluster.waitFor(id, .available)
                _ = try await client.send(.post, "/v3/p1/volumes/\(id.key)/metadata", json: #"{"metadata": {"tier": "hot"}}"#)

                // 3.12 / 3.36: the summary.
                #expect(try await client.send(.get, "/v3/p1/volumes/summary", version: "volume 3.11").status == .notFound)
                let summary = try await client.send(.get, "/v3/p1/volumes/summary", version: Self.latest).json["volume-summary"]
                #expect(summary == ["total_size": 2, "total_count": 1, "metadata": ["tier": ["hot"]]])

                // 3.15: ETag on metadata, If-Match refuses a stale write with 412 and changes nothing.
                let read = try await client.send(.get, "/v3/p1/volumes/\(id.key)/metadata", version: Self.latest)
                let tag = try #require(read.headers[.eTag])
                #expect(try await client.send(.get, "/v3/p1/volumes/\(id.key)/metadata", version: "volume 3.14").headers[.eTag] == nil)
                var headers: HTTPFields = [
                    .contentType: "application/json", HTTPField.Name("X-Auth-Token")!: "u1:p1",
                    .openstackAPIVersion: Self.latest, .ifMatch: tag,
                ]
                let fresh = try await client.execute(
                    uri: "/v3/p1/volumes/\(id.key)/metadata", method: .put, headers: headers,
                    body: ByteBuffer(string: #"{"metadata": {"tier": "cold"}}"#))
                #expect(fresh.status == .ok)
                headers[.ifMatch] = tag
                let stale = try await client.execute(
                    uri: "/v3/p1/volumes/\(id.key)/metadata", method: .put, headers: headers,
                    body: ByteBuffer(string: #"{"metadata": {"tier": "warm"}}"#))
                #expect(stale.status.code == 412)
                #expect(try await cluster.store.volume(id: id)?.metadata == ["tier": "cold"])

                // 3.2 bootable spellings; 3.33 resource filters; 3.39 another project's limits (admin).
                #expect(try await client.send(.get, "/v3/p1/volumes?bootable=0", version: Self.latest).json["volumes"]?[0]?["id"] == .string(id.key))
                #expect(try await client.send(.get, "/v3/p1/volumes?bootable=t", version: Self.latest).json["volumes"] == [])
                let filters = try await client.send(.get, "/v3/p1/resource_filters?resource=snapshot", version: Self.latest).json
                #expect(filters["resource_filters"]?[0]?["resource"] == "snapshot")
                // As Cinder: a non-admin's project_id is ignored, and the caller's own limits come back.
                let own = try await client.send(.get, "/v3/p1/limits?project_id=p2", version: Self.latest)
                #expect(own.status == .ok && own.json["limits"]?["absolute"]?["maxTotalVolumes"] == .int(-1))
                #expect(try await client.send(.get, "/v3/p1/limits?project_id=p2", roles: "admin", version: Self.latest).status == .ok)

                // 3.52: types filtered by extra specs.
                _ = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "fast", "extra_specs": {"speed": "high"}}}"#, roles: "admin")
                let types = try await client.send(.get, "/v3/p1/types?extra_specs=%7B%22speed%22%3A%22high%22%7D", version: Self.latest).json
                #expect(types["volume_types"]?[0]?["name"] == "fast" && types["volume_types"]?[1] == nil)

                // 3.23: force=true deletes from any status, for admins only.
                _ = try await client.send(.post, "/v3/p1/volumes/\(id.key)/action", json: #"{"os-reset_status": {"status": "creating"}}"#, roles: "admin")
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)?force=true", version: Self.latest).status == .forbidden)
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)", version: Self.latest).status == .badRequest)
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)?force=true", roles: "admin", version: Self.latest).status == .accepted)
                try await cluster.waitFor(id, .deleted)
            }
        }
    }

    @Test func revertRewritesTheVolumeWithItsNewestSnapshot() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume(size: 1)
                try await cluster.waitFor(id, .available)
                let path = cluster.driver.wrapped.path(of: id)
                let original = try await SnapshotAPITests.fill(path, offset: 1 << 20, seed: 7)
                let older = try #require(
                    try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(id.key)"}}"#).json["snapshot"]?["id"]?.stringValue)
                try await SnapshotAPITests().waitForSnapshot(cluster, older, .available)
                try await Task.sleep(for: .milliseconds(5))
                let newest = try #require(
                    try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(id.key)"}}"#).json["snapshot"]?["id"]?.stringValue)
                try await SnapshotAPITests().waitForSnapshot(cluster, newest, .available)
                _ = try await SnapshotAPITests.fill(path, offset: 1 << 20, seed: 8)

                let action = "/v3/p1/volumes/\(id.key)/action"
                #expect(try await client.send(.post, action, json: #"{"revert": {"snapshot_id": "\#(newest)"}}"#, version: "volume 3.39").status == .badRequest)
                let notNewest = try await client.send(.post, action, json: #"{"revert": {"snapshot_id": "\#(older)"}}"#, version: Self.latest)
                #expect(notNewest.status == .badRequest && notNewest.fault?.message.contains("is not the latest") == true)
                #expect(try await client.send(.post, action, json: #"{"revert": {"snapshot_id": "\#(newest)"}}"#, version: Self.latest).status == .accepted)
                try await SnapshotAPITests().waitForSnapshot(cluster, newest, .available)
                try await cluster.waitFor(id, .available)
                #expect(try await SnapshotAPITests.checksum(path) == original)
            }
        }
    }
}
