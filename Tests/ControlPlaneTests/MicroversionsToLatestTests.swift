import EmberModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// The gates from 3.61 to 3.71, as Cinder 29 has them.
@Suite("Microversions 3.61 to 3.71")
struct MicroversionsToLatestTests {
    @Test func theVolumeViewGainsItsFieldsAtTheirVersions() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let show = { (version: String, roles: String) in
                    try await client.send(.get, "/v3/p1/volumes/\(id.key)", roles: roles, version: "volume \(version)").json["volume"]
                }
                let before = try await show("3.60", "admin")
                #expect(before?["cluster_name"] == nil && before?["volume_type_id"] == nil && before?["consumes_quota"] == nil)
                #expect(try await show("3.61", "admin")?["cluster_name"] == .null)
                #expect(try await show("3.61", "member")?["cluster_name"] == nil, "cluster_name is for admins")
                let type = try await cluster.store.defaultVolumeType().id.key
                #expect(try await show("3.63", "member")?["volume_type_id"] == .string(type))
                #expect(try await show("3.65", "member")?["consumes_quota"] == true)
                #expect(try await show("3.71", "member")?["encryption_key_id"] == nil, "no key manager: no key id")
                #expect(try await client.send(.get, "/", version: nil).json["versions"]?[0]?["version"] == "3.71")
            }
        }
    }

    @Test func aProjectsDefaultTypeIsWhatItsCreatesGet() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let gold = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "gold"}}"#, roles: "admin")
                let goldID = try #require(gold.json["volume_type"]?["id"]?.stringValue)
                let set = #"{"default_type": {"volume_type": "gold"}}"#
                #expect(try await client.send(.put, "/v3/p1/default-types/p1", json: set, roles: "admin", version: "volume 3.61").status == .notFound)
                let put = try await client.send(.put, "/v3/p1/default-types/p1", json: set, roles: "admin", version: "volume 3.62")
                #expect(put.json == ["default_type": ["project_id": "p1", "volume_type_id": .string(goldID)]])
                #expect(try await client.send(.put, "/v3/p1/default-types/p1", json: set, version: "volume 3.62").status == .forbidden)
                let created = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1}}"#)
                #expect(created.json["volume"]?["volume_type"] == "gold")
                let list = try await client.send(.get, "/v3/p1/default-types", roles: "admin", version: "volume 3.62").json["default_types"]
                #expect(list?.arrayValue?.count == 1)
                #expect(try await client.send(.delete, "/v3/p1/types/\(goldID)", roles: "admin").status == .badRequest)
                #expect(try await client.send(.delete, "/v3/p1/default-types/p1", roles: "admin", version: "volume 3.62").status == .noContent)
                #expect(try await client.send(.get, "/v3/p1/default-types/p1", roles: "admin", version: "volume 3.62").status == .notFound)
                let bad = #"{"default_type": {"volume_type": "nosuch"}}"#
                #expect(try await client.send(.put, "/v3/p1/default-types/p1", json: bad, roles: "admin", version: "volume 3.62").status == .badRequest)
            }
        }
    }

    @Test func snapshotsOfInUseVolumesNeedNoForceFrom366() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                #expect(try await cluster.store.apply(.statusReset(.inUse), toVolume: id))
                let plain = #"{"snapshot": {"volume_id": "\#(id.key)"}}"#
                #expect(try await client.send(.post, "/v3/p1/snapshots", json: plain, version: "volume 3.65").status == .badRequest)
                let refused = #"{"snapshot": {"volume_id": "\#(id.key)", "force": false}}"#
                #expect(try await client.send(.post, "/v3/p1/snapshots", json: refused, version: "volume 3.66").status == .badRequest)
                let created = try await client.send(.post, "/v3/p1/snapshots", json: plain, version: "volume 3.66")
                #expect(created.status == .accepted && created.json["snapshot"]?["consumes_quota"] == true)
            }
        }
    }

    @Test func reimageAndExtendCompletionAreRefusedWithReasons() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let action = "/v3/p1/volumes/\(id.key)/action"
                let reimage = try await client.send(.post, action, json: #"{"os-reimage": {"image_id": "x"}}"#, version: "volume 3.68")
                #expect(reimage.status == .badRequest && reimage.fault?.message.contains("no image service") == true)
                let completion = #"{"os-extend_volume_completion": {"error": false}}"#
                #expect(try await client.send(.post, action, json: completion, version: "volume 3.71").status == .forbidden, "for admins (Nova's service user)")
                let refused = try await client.send(.post, action, json: completion, roles: "admin", version: "volume 3.71")
                #expect(refused.status == .badRequest && refused.fault?.message.contains("not waiting") == true)
                #expect(
                    try await client.send(.post, action, json: completion, roles: "admin", version: "volume 3.70").fault?.message.contains("no such action")
                        == true)
            }
        }
    }
}
