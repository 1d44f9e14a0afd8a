import EmberModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// Volume transfers (`os-volume-transfer`, `volume-transfers`): offer, list, withdraw, and accept
/// with the key into another project, moving the volume, its snapshots and their quota usage.
@Suite("Volume transfers")
struct TransferTests {
    static func offer(_ client: some TestClientProtocol, _ volume: UUID, collection: String = "os-volume-transfer", version: String? = nil) async throws
        -> JSONValue
    {
        let response = try await client.send(
            .post, "/v3/p1/\(collection)", json: #"{"transfer": {"volume_id": "\#(volume.key)", "name": " t "}}"#, version: version)
        #expect(response.status == .accepted)
        return response.json["transfer"] ?? .null
    }

    @Test func aTransferIsAcceptedWithItsKeyAndMovesTheVolumeSnapshotsAndQuota() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume(size: 2)
                try await cluster.waitFor(volume, .available)
                let snapshot = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(volume.key)"}}"#)
                let snapshotID = try #require(UUID(key: snapshot.json["snapshot"]?["id"]?.stringValue ?? ""))
                try await cluster.waitFor(snapshot: snapshotID, .available)
                let transfer = try await Self.offer(client, volume)
                #expect(Set(transfer.objectValue?.keys ?? [:].keys) == ["id", "created_at", "name", "volume_id", "links", "auth_key"])
                #expect(transfer["name"] == "t" && transfer["auth_key"]?.stringValue?.count == 16)
                #expect(try await cluster.store.volume(id: volume)?.status == .awaitingTransfer)
                let id = try #require(transfer["id"]?.stringValue)
                let wrong = try await client.send(.post, "/v3/p2/os-volume-transfer/\(id)/accept", json: #"{"accept": {"auth_key": "nope"}}"#, token: "u2:p2")
                #expect(wrong.status == .badRequest)
                let key = try #require(transfer["auth_key"]?.stringValue)
                let accepted = try await client.send(
                    .post, "/v3/p2/os-volume-transfer/\(id)/accept", json: #"{"accept": {"auth_key": "\#(key)"}}"#, token: "u2:p2")
                #expect(accepted.status == .accepted)
                #expect(Set(accepted.json["transfer"]?.objectValue?.keys ?? [:].keys) == ["id", "name", "volume_id", "links"])
                let moved = try #require(try await cluster.store.volume(id: volume))
                #expect(moved.projectID == "p2" && moved.userID == "u2" && moved.status == .available)
                #expect(try await cluster.store.snapshot(id: snapshotID)?.projectID == "p2")
                #expect(try await cluster.store.quotaUsage(project: "p1") == QuotaUsage())
                #expect(try await cluster.store.quotaUsage(project: "p2") == QuotaUsage(volumes: 1, snapshots: 1, gigabytes: 4))
                #expect(try await client.send(.get, "/v3/p1/os-volume-transfer/\(id)").status == .notFound, "an accepted transfer is gone")
            }
        }
    }

    @Test func aWithdrawnTransferLeavesTheVolumeAvailableWithItsOwner() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume()
                try await cluster.waitFor(volume, .available)
                let id = try #require(try await Self.offer(client, volume, collection: "volume-transfers", version: "volume 3.57")["id"]?.stringValue)
                let detail = try await client.send(.get, "/v3/p1/volume-transfers/detail", version: "volume 3.57").json["transfers"]?[0]
                #expect(detail?["source_project_id"] == "p1" && detail?["accepted"] == false && detail?["no_snapshots"] == false)
                #expect(detail?["destination_project_id"] == .null)
                let summary = try await client.send(.get, "/v3/p1/os-volume-transfer").json["transfers"]?[0]
                #expect(Set(summary?.objectValue?.keys ?? [:].keys) == ["id", "name", "volume_id", "links"])
                #expect(try await client.send(.get, "/v3/p2/os-volume-transfer", token: "u2:p2").json["transfers"] == [])
                #expect(try await client.send(.delete, "/v3/p2/os-volume-transfer/\(id)", token: "u2:p2").status == .notFound)
                #expect(try await client.send(.delete, "/v3/p1/os-volume-transfer/\(id)").status == .accepted)
                #expect(try await cluster.store.volume(id: volume)?.status == .available)
                #expect(try await cluster.store.volume(id: volume)?.projectID == "p1")
            }
        }
    }

    @Test func offersAreRefusedAsCindersAre() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume()
                try await cluster.waitFor(volume, .available)
                _ = try await Self.offer(client, volume)
                let again = #"{"transfer": {"volume_id": "\#(volume.key)"}}"#
                #expect(try await client.send(.post, "/v3/p1/os-volume-transfer", json: again).status == .badRequest, "awaiting transfer already")
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(volume.key)").status == .badRequest)
                let cases: [(String, String?, HTTPResponse.Status)] = [
                    (#"{"transfer": {"volume_id": "\#(volume.key)", "no_snapshots": true}}"#, nil, .badRequest),
                    (#"{"transfer": {"volume_id": "not-a-uuid"}}"#, nil, .badRequest),
                    (#"{"transfer": {"volume_id": "\#(UUID().key)"}}"#, nil, .notFound),
                    (#"{"transfer": {}}"#, "volume 3.55", .badRequest),
                ]
                for (body, version, status) in cases {
                    #expect(try await client.send(.post, "/v3/p1/volume-transfers", json: body, version: version).status == status, "\(body)")
                }
                let other = try await client.createVolume(token: "u2:p2")
                #expect(try await client.send(.post, "/v3/p1/os-volume-transfer", json: #"{"transfer": {"volume_id": "\#(other.key)"}}"#).status == .notFound)
            }
        }
    }

    @Test func acceptingChecksTheReceivingProjectsQuotaAndChangesNothingWhenOver() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                try await cluster.store.setQuotaLimits(project: "p2", [.gigabytes: 1])
                let volume = try await client.createVolume(size: 2)
                try await cluster.waitFor(volume, .available)
                let transfer = try await Self.offer(client, volume)
                let id = try #require(transfer["id"]?.stringValue)
                let key = try #require(transfer["auth_key"]?.stringValue)
                let refused = try await client.send(
                    .post, "/v3/p2/os-volume-transfer/\(id)/accept", json: #"{"accept": {"auth_key": "\#(key)"}}"#, token: "u2:p2")
                #expect(refused.status == .contentTooLarge)
                #expect(try await cluster.store.volume(id: volume)?.projectID == "p1")
                #expect(try await cluster.store.volume(id: volume)?.status == .awaitingTransfer)
            }
        }
    }
}
