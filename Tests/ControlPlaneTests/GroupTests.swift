import EmberModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// Group types, generic groups and group snapshots (3.11 to 3.20) as Cinder 29 serves them.
@Suite("Groups and group snapshots")
struct GroupTests {
    static let v = "volume 3.20"

    /// A group type, a volume type and an available group of them; returns the ids.
    static func group(_ client: some TestClientProtocol) async throws -> (groupType: String, volumeType: String, group: String) {
        let groupType = try await client.send(.post, "/v3/p1/group_types", json: #"{"group_type": {"name": "gt"}}"#, roles: "admin", version: v)
        let gt = try #require(groupType.json["group_type"]?["id"]?.stringValue)
        let volumeType = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "vt"}}"#, roles: "admin")
        let vt = try #require(volumeType.json["volume_type"]?["id"]?.stringValue)
        let group = try await client.send(
            .post, "/v3/p1/groups", json: #"{"group": {"name": "g", "group_type": "\#(gt)", "volume_types": ["\#(vt)"]}}"#, version: v)
        #expect(group.status == .accepted && Set(group.json["group"]?.objectValue?.keys ?? [:].keys) == ["id", "name"])
        return (gt, vt, try #require(group.json["group"]?["id"]?.stringValue))
    }

    static func volume(_ client: some TestClientProtocol, _ cluster: TestCluster, type: String, group: String) async throws -> UUID {
        let created = try await client.send(
            .post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "volume_type": "\#(type)", "group_id": "\#(group)"}}"#, version: v)
        #expect(created.json["volume"]?["group_id"] == .string(group))
        let id = try #require(UUID(key: created.json["volume"]?["id"]?.stringValue ?? ""))
        try await cluster.waitFor(id, .available)
        return id
    }

    @Test func groupTypesAndTheirSpecs() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let body =
                    #"{"group_type": {"name": "a", "description": "d", "is_public": true, "group_specs": {"consistent_group_snapshot_enabled": "<is> False"}}}"#
                let created = try await client.send(.post, "/v3/p1/group_types", json: body, roles: "admin", version: Self.v)
                let id = try #require(created.json["group_type"]?["id"]?.stringValue)
                _ = try await client.send(
                    .post, "/v3/p1/group_types", json: #"{"group_type": {"name": "b", "is_public": false}}"#, roles: "admin", version: Self.v)
                let names = { (query: String, roles: String) in
                    try await client.send(.get, "/v3/p1/group_types\(query)", roles: roles, version: Self.v).json["group_types"]?.arrayValue?
                        .compactMap { $0["name"]?.stringValue } ?? []
                }
                #expect(try await names("?sort=name:desc", "admin") == ["b", "a"])
                #expect(try await names("?is_public=False", "admin") == ["b"])
                #expect(try await names("", "member") == ["a"], "others see the public types")
                let specs = "/v3/p1/group_types/\(id)/group_specs"
                #expect(
                    try await client.send(.post, specs, json: #"{"group_specs": {"k1": "v1", "k2": "v2"}}"#, roles: "admin", version: Self.v).status
                        == .accepted)
                #expect(try await client.send(.put, "\(specs)/k2", json: #"{"k2": "v2b"}"#, roles: "admin", version: Self.v).json == ["k2": "v2b"])
                let all = try await client.send(.get, specs, roles: "admin", version: Self.v).json["group_specs"]
                #expect(all == ["consistent_group_snapshot_enabled": "<is> False", "k1": "v1", "k2": "v2b"])
                #expect(try await client.send(.delete, "\(specs)/k1", roles: "admin", version: Self.v).status == .accepted)
                #expect(try await client.send(.get, "\(specs)/k1", roles: "admin", version: Self.v).status == .notFound)
                let renamed = try await client.send(.put, "/v3/p1/group_types/\(id)", json: #"{"group_type": {"name": "c"}}"#, roles: "admin", version: Self.v)
                #expect(renamed.json["group_type"]?["name"] == "c")
                #expect(try await client.send(.get, "/v3/p1/group_types", version: "volume 3.10").status == .notFound, "3.11 and later")
                #expect(try await client.send(.delete, "/v3/p1/group_types/\(id)", roles: "admin", version: Self.v).status == .accepted)
                #expect(try await client.send(.get, "/v3/p1/group_types/\(id)", roles: "admin", version: Self.v).status == .notFound)
            }
        }
    }

    @Test func aGroupTakesVolumesOfItsTypesAndIsDeletedWithThem() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let (gt, vt, group) = try await Self.group(client)
                let first = try await Self.volume(client, cluster, type: vt, group: group)
                let second = try await Self.volume(client, cluster, type: vt, group: group)
                let outsider = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "group_id": "\#(group)"}}"#, version: Self.v)
                #expect(outsider.status == .badRequest, "the default type is not among the group's types")
                let shown = try await client.send(.get, "/v3/p1/groups/\(group)?list_volume=True", version: "volume 3.25").json["group"]
                #expect(shown?["status"] == "available" && shown?["group_type"] == .string(gt) && shown?["volume_types"] == [.string(vt)])
                #expect(Set(shown?["volumes"]?.arrayValue?.compactMap(\.stringValue) ?? []) == [first.key, second.key])
                let update = #"{"group": {"name": "renamed", "remove_volumes": "\#(second.key)"}}"#
                #expect(try await client.send(.put, "/v3/p1/groups/\(group)", json: update, version: Self.v).status == .accepted)
                #expect(try await cluster.store.volume(id: second)?.groupID == nil)
                let add = #"{"group": {"add_volumes": "\#(second.key)"}}"#
                #expect(try await client.send(.put, "/v3/p1/groups/\(group)", json: add, version: Self.v).status == .accepted)
                #expect(try await cluster.store.volume(id: second)?.groupID?.key == group)
                let keep = #"{"delete": {"delete-volumes": false}}"#
                #expect(try await client.send(.post, "/v3/p1/groups/\(group)/action", json: keep, version: Self.v).status == .badRequest)
                let all = #"{"delete": {"delete-volumes": true}}"#
                #expect(try await client.send(.post, "/v3/p1/groups/\(group)/action", json: all, version: Self.v).status == .accepted)
                try await cluster.waitFor(first, .deleted)
                try await cluster.waitFor(second, .deleted)
                #expect(try await client.send(.get, "/v3/p1/groups/\(group)", version: Self.v).status == .notFound)
                #expect(try await client.send(.get, "/v3/p1/groups/detail", version: Self.v).json["groups"] == [])
            }
        }
    }

    @Test func aGroupSnapshotSnapshotsEveryVolumeAndAGroupIsMadeFromIt() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let (_, vt, group) = try await Self.group(client)
                let volume = try await Self.volume(client, cluster, type: vt, group: group)
                let created = try await client.send(
                    .post, "/v3/p1/group_snapshots", json: #"{"group_snapshot": {"group_id": "\#(group)", "name": "gs"}}"#, version: Self.v)
                let id = try #require(created.json["group_snapshot"]?["id"]?.stringValue)
                let member = try #require(try await cluster.store.snapshots(matching: SnapshotQuery(projectID: "p1", volumeID: volume)).first)
                #expect(member.groupSnapshotID?.key == id)
                try await cluster.waitFor(snapshot: member.id, .available)
                let shown = try await client.send(.get, "/v3/p1/group_snapshots/\(id)", version: Self.v).json["group_snapshot"]
                #expect(shown?["status"] == "available" && shown?["group_id"] == .string(group))
                let source = #"{"create-from-src": {"group_snapshot_id": "\#(id)", "name": "copy"}}"#
                let copy = try #require(try await client.send(.post, "/v3/p1/groups/action", json: source, version: Self.v).json["group"]?["id"]?.stringValue)
                let copies = try await cluster.store.volumes(matching: VolumeQuery(projectID: "p1")).filter { $0.groupID?.key == copy }
                #expect(copies.count == 1 && copies.first?.snapshotID == member.id)
                for copied in copies { try await cluster.waitFor(copied.id, .available) }
                #expect(try await client.send(.get, "/v3/p1/groups/\(copy)", version: Self.v).json["group"]?["status"] == "available")
                let clone = #"{"create-from-src": {"source_group_id": "\#(copy)"}}"#
                #expect(try await client.send(.post, "/v3/p1/groups/action", json: clone, version: Self.v).status == .accepted)
                #expect(try await client.send(.delete, "/v3/p1/group_snapshots/\(id)", version: Self.v).status == .accepted)
                try await cluster.waitFor(snapshot: member.id, .deleted)
                #expect(try await client.send(.get, "/v3/p1/group_snapshots/\(id)", version: Self.v).status == .notFound)
            }
        }
    }

    @Test func adminsResetGroupAndGroupSnapshotStatuses() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let (_, _, group) = try await Self.group(client)
                let reset = #"{"reset_status": {"status": "error"}}"#
                #expect(try await client.send(.post, "/v3/p1/groups/\(group)/action", json: reset, version: Self.v).status == .forbidden)
                #expect(
                    try await client.send(.post, "/v3/p1/groups/\(group)/action", json: reset, roles: "admin", version: "volume 3.19").status == .badRequest)
                #expect(try await client.send(.post, "/v3/p1/groups/\(group)/action", json: reset, roles: "admin", version: Self.v).status == .accepted)
                #expect(try await client.send(.get, "/v3/p1/groups/\(group)", version: Self.v).json["group"]?["status"] == "error")
                let bogus = #"{"reset_status": {"status": "sideways"}}"#
                #expect(try await client.send(.post, "/v3/p1/groups/\(group)/action", json: bogus, roles: "admin", version: Self.v).status == .badRequest)
                _ = try await client.send(
                    .post, "/v3/p1/groups/\(group)/action", json: #"{"reset_status": {"status": "available"}}"#, roles: "admin", version: Self.v)
                let snapshot = try await client.send(.post, "/v3/p1/group_snapshots", json: #"{"group_snapshot": {"group_id": "\#(group)"}}"#, version: Self.v)
                let id = try #require(snapshot.json["group_snapshot"]?["id"]?.stringValue)
                #expect(try await client.send(.post, "/v3/p1/group_snapshots/\(id)/action", json: reset, roles: "admin", version: Self.v).status == .accepted)
                #expect(try await client.send(.get, "/v3/p1/group_snapshots/\(id)", version: Self.v).json["group_snapshot"]?["status"] == "error")
                for (path, key) in [("groups/\(group)", "group"), ("group_snapshots/\(id)", "group_snapshot")] {
                    let creating = #"{"reset_status": {"status": "creating"}}"#
                    _ = try await client.send(.post, "/v3/p1/\(path)/action", json: creating, roles: "admin", version: Self.v)
                    let shown = try await client.send(.get, "/v3/p1/\(path)", version: Self.v).json[key]?["status"]
                    #expect(shown == "creating", "a reset status stays what the admin set, members or not: \(path)")
                }
                #expect(try await client.send(.get, "/v3/p1/groups", version: "volume 3.12").status == .notFound, "3.13 and later")
            }
        }
    }
}
