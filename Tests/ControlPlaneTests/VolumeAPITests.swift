import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport
@testable import EmberVolume

@Suite("Cinder v3 volume API, end to end through bus, scheduler and file backend")
struct VolumeAPITests {
    @Test func versionDocumentsHaveCindersShape() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let root = try await client.send(.get, "/", token: nil)
                #expect(root.status == .multipleChoices)
                let v3 = try await client.send(.get, "/v3/", token: nil)
                #expect(v3.status == .ok)
                let doc = try #require(v3.json["versions"].flatMap { if case .array(let a) = $0 { a.first } else { nil } })
                #expect(doc["id"] == "v3.0")
                #expect(doc["min_version"] == "3.0")
                #expect(doc["version"] == .string(APIVersion.maximum.description))
                #expect(v3.headers[HTTPField.Name("x-openstack-request-id")!]?.hasPrefix("req-") == true)
            }
        }
    }

    @Test func createShowRenameListDelete() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume(size: 2, name: "first")
                try await cluster.waitFor(id, .available)
                let path = FileDriver(directory: cluster.directory.path + "/volumes").path(of: id)
                #expect(FileManager.default.fileExists(atPath: path))

                let show = try await client.send(.get, "/v3/p1/volumes/\(id.key)", version: "volume 3.50")
                #expect(show.status == .ok)
                #expect(show.headers[HTTPField.Name("OpenStack-API-Version")!] == "volume 3.50")
                let volume = try #require(show.json["volume"])
                #expect(volume["status"] == "available")
                #expect(volume["size"] == 2)
                #expect(volume["bootable"] == "false")
                #expect(volume["volume_type"] == "__DEFAULT__")
                #expect(volume["os-vol-tenant-attr:tenant_id"] == "p1")
                #expect(volume["shared_targets"] == false)
                #expect(volume["group_id"] == .null)
                #expect(volume["os-vol-host-attr:host"] == nil, "host attributes are for admins only")

                let admin = try await client.send(.get, "/v3/volumes/\(id.key)", token: "admin:p1", roles: "admin")
                #expect(admin.json["volume"]?["os-vol-host-attr:host"] == "test@file#file")

                let renamed = try await client.send(.put, "/v3/p1/volumes/\(id.key)", json: #"{"volume": {"name": "second", "metadata": {"a": "b"}}}"#)
                #expect(renamed.status == .ok)
                #expect(renamed.json["volume"]?["name"] == "second")
                #expect(renamed.json["volume"]?["metadata"]?["a"] == "b")

                let list = try await client.send(.get, "/v3/p1/volumes")
                #expect(list.json["volumes"] == [["id": .string(id.key), "name": "second", "links": try #require(volume["links"])]])
                let detail = try await client.send(.get, "/v3/p1/volumes/detail?name=second")
                #expect(detail.json["volumes"]?.arrayCount == 1)

                let delete = try await client.send(.delete, "/v3/p1/volumes/\(id.key)")
                #expect(delete.status == .accepted)
                try await cluster.waitFor(id, .deleted)
                #expect(!FileManager.default.fileExists(atPath: path))
                let gone = try await client.send(.get, "/v3/p1/volumes/\(id.key)")
                #expect(gone.status == .notFound)
                #expect(gone.fault?.name == "itemNotFound")
            }
        }
    }

    @Test func pagingWithLimitMarkerAndCount() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                var ids: [UUID] = []
                for index in 0..<5 { ids.append(try await client.createVolume(name: "v\(index)")) }
                let first = try await client.send(.get, "/v3/p1/volumes?limit=2&with_count=true", version: "volume 3.45")
                #expect(first.json["volumes"]?.arrayCount == 2)
                #expect(first.json["count"] == 5)
                let next = try #require(first.json["volumes_links"].flatMap { if case .array(let a) = $0 { a.first?["href"]?.stringValue } else { nil } })
                let marker = try #require(next.components(separatedBy: "marker=").last)
                let second = try await client.send(.get, "/v3/p1/volumes?limit=10&marker=\(marker)")
                #expect(second.json["volumes"]?.arrayCount == 3)
                #expect(second.json["volumes_links"] == nil)
                let unknown = try await client.send(.get, "/v3/p1/volumes?marker=\(UUID().key)")
                #expect(unknown.status == .notFound)
            }
        }
    }

    @Test func projectsAreIsolated() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                let foreign = try await client.send(.get, "/v3/p2/volumes/\(id.key)", token: "u2:p2")
                #expect(foreign.status == .notFound)
                #expect(foreign.fault?.message == "Volume \(id.key) could not be found.")
                let delete = try await client.send(.delete, "/v3/p2/volumes/\(id.key)", token: "u2:p2")
                #expect(delete.status == .notFound)
                let list = try await client.send(.get, "/v3/p2/volumes", token: "u2:p2")
                #expect(list.json["volumes"] == [])
                let mismatch = try await client.send(.get, "/v3/p1/volumes", token: "u2:p2")
                #expect(mismatch.status == .badRequest)
                let all = try await client.send(.get, "/v3/volumes?all_tenants=1", token: "admin:admin", roles: "admin")
                #expect(all.json["volumes"]?.arrayCount == 1)
            }
        }
    }

    @Test func typesListTheDefault() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let types = try await client.send(.get, "/v3/p1/types")
                #expect(types.status == .ok)
                let first = try #require(types.json["volume_types"].flatMap { if case .array(let a) = $0 { a.first } else { nil } })
                #expect(first["name"] == "__DEFAULT__")
                let byID = try await client.send(.get, "/v3/p1/types/\(first["id"]?.stringValue ?? "")")
                #expect(byID.json["volume_type"]?["name"] == "__DEFAULT__")
                #expect(try await client.send(.get, "/v3/p1/types/nope").status == .notFound)
            }
        }
    }

    @Test func poolsComeFromTheSchedulerOverABusCall() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                // Placed first: the create's 202 comes before the scheduler claims a host.
                try await cluster.waitFor(try await client.createVolume(size: 3), .available)
                let pools = try await client.send(.get, "/v3/admin/scheduler-stats/get_pools?detail=true", token: "admin:admin", roles: "admin")
                #expect(pools.status == .ok)
                let pool = try #require(pools.json["pools"].flatMap { if case .array(let a) = $0 { a.first } else { nil } })
                #expect(pool["name"] == "test@file#file")
                #expect(pool["capabilities"]?["allocated_capacity_gb"] == 3)
                #expect(pool["capabilities"]?["thin_provisioning_support"] == true)
                let member = try await client.send(.get, "/v3/p1/scheduler-stats/get_pools")
                #expect(member.status == .forbidden)
            }
        }
    }

    @Test func aVolumeTooLargeForEveryHostEndsInError() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume(size: 2_000_000_000)
                try await cluster.waitFor(id, .error)
                #expect(try await cluster.store.volume(id: id)?.host == nil)
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)").status == .accepted)
                #expect(try await cluster.store.volume(id: id) == nil)
            }
        }
    }
}

extension JSONValue {
    var arrayCount: Int? {
        if case .array(let array) = self { return array.count }
        return nil
    }
}

@Suite("Cinder 3.60 time-comparison filters")
struct TimeFilterTests {
    @Test func createdAtComparisonsSelectVolumes() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                let created = try #require(try await cluster.store.volume(id: id)?.createdAt)
                let before = CinderDate.string(created.addingTimeInterval(-60))
                let after = CinderDate.string(created.addingTimeInterval(60))
                let v360 = "volume 3.60"
                #expect(try await client.send(.get, "/v3/p1/volumes?created_at=gt:\(before)", version: v360).json["volumes"]?.arrayCount == 1)
                #expect(try await client.send(.get, "/v3/p1/volumes?created_at=gte:\(after)", version: v360).json["volumes"]?.arrayCount == 0)
                #expect(try await client.send(.get, "/v3/p1/volumes?created_at=lt:\(after)Z", version: v360).json["volumes"]?.arrayCount == 1)
                #expect(
                    try await client.send(.get, "/v3/p1/volumes?created_at=gt:\(after)", version: "volume 3.59").json["volumes"]?.arrayCount == 1,
                    "before 3.60 the filter does not apply")
                let bad = try await client.send(.get, "/v3/p1/volumes?created_at=soon:\(before)", version: v360)
                #expect(bad.status == .badRequest && bad.fault?.message.contains("OPERATOR:TIMESTAMP") == true)
                let badDate = try await client.send(.get, "/v3/p1/volumes?updated_at=gt:yesterday", version: v360)
                #expect(badDate.status == .badRequest)
            }
        }
    }
}
