import EmberModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// The `default` quota class holds every project's defaults, and per-volume-type keys limit each
/// type, as in Cinder.
@Suite("Quota classes and per-type quotas")
struct QuotaClassTests {
    @Test func theDefaultClassSetsEveryProjectsDefaults() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                _ = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "gold"}}"#, roles: "admin")
                let shown = try await client.send(.get, "/v3/p1/os-quota-class-sets/default", roles: "admin").json["quota_class_set"]
                #expect(shown?["id"] == "default" && shown?["volumes"] == 10 && shown?["volumes_gold"] == -1 && shown?["gigabytes___DEFAULT__"] == -1)
                let body = #"{"quota_class_set": {"volumes": 11, "snapshots": "12", "volumes_gold": 3}}"#
                let updated = try await client.send(.put, "/v3/p1/os-quota-class-sets/default", json: body, roles: "admin").json["quota_class_set"]
                #expect(updated?["volumes"] == 11 && updated?["snapshots"] == 12 && updated?["volumes_gold"] == 3)
                let defaults = try await client.send(.get, "/v3/p9/os-quota-sets/p9/defaults", token: "u9:p9").json["quota_set"]
                #expect(defaults?["volumes"] == 11 && defaults?["volumes_gold"] == 3)
                let fresh = try await client.send(.get, "/v3/p8/os-quota-sets/p8", token: "u8:p8").json["quota_set"]
                #expect(fresh?["snapshots"] == 12, "a project without overrides gets the class's limits")
                let refused: [(String, HTTPResponse.Status)] = [
                    (#"{"quota_class_set": {"volumes_nosuchtype": 1}}"#, .badRequest),
                    (#"{"quota_class_set": {"volumes": -2}}"#, .badRequest),
                    (#"{"quota_class_set": {"volumes": "many"}}"#, .badRequest),
                ]
                for (body, status) in refused {
                    #expect(try await client.send(.put, "/v3/p1/os-quota-class-sets/default", json: body, roles: "admin").status == status, "\(body)")
                }
                #expect(try await client.send(.get, "/v3/p1/os-quota-class-sets/default").status == .forbidden)
            }
        }
    }

    @Test func aPerTypeLimitRefusesTheNextVolumeOfThatTypeOnly() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                _ = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "gold"}}"#, roles: "admin")
                let set = try await client.send(.put, "/v3/p1/os-quota-sets/p1", json: #"{"quota_set": {"volumes_gold": 1}}"#, roles: "admin")
                #expect(set.json["quota_set"]?["volumes_gold"] == 1)
                let gold = #"{"volume": {"size": 1, "volume_type": "gold"}}"#
                #expect(try await client.send(.post, "/v3/p1/volumes", json: gold).status == .accepted)
                let over = try await client.send(.post, "/v3/p1/volumes", json: gold)
                #expect(over.status == .contentTooLarge && over.fault?.message.contains("volumes_gold") == true)
                #expect(try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1}}"#).status == .accepted)
                let usage = try await client.send(.get, "/v3/p1/os-quota-sets/p1?usage=True").json["quota_set"]
                #expect(usage?["volumes_gold"]?["in_use"] == 1 && usage?["volumes"]?["in_use"] == 2)
                let lower = try await client.send(.put, "/v3/p1/os-quota-sets/p1", json: #"{"quota_set": {"volumes_gold": 0}}"#, roles: "admin")
                #expect(lower.status == .badRequest, "below what the project holds")
            }
        }
    }

    /// Usage is counted only for what has a limit: unlimited totals leave a per-type limit, and one
    /// limited total, in force.
    @Test func unlimitedTotalsLeaveTheOtherLimitsInForce() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                _ = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "gold"}}"#, roles: "admin")
                let unlimited = #"{"quota_set": {"volumes": -1, "gigabytes": 3, "volumes_gold": 1}}"#
                #expect(try await client.send(.put, "/v3/p1/os-quota-sets/p1", json: unlimited, roles: "admin").status == .ok)
                let gold = #"{"volume": {"size": 1, "volume_type": "gold"}}"#
                #expect(try await client.send(.post, "/v3/p1/volumes", json: gold).status == .accepted)
                let overType = try await client.send(.post, "/v3/p1/volumes", json: gold)
                #expect(overType.status == .contentTooLarge && overType.fault?.message.contains("volumes_gold") == true)
                #expect(try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 2}}"#).status == .accepted)
                let overSize = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1}}"#)
                #expect(overSize.status == .contentTooLarge && overSize.fault?.message.contains("gigabytes") == true)
            }
        }
    }
}
