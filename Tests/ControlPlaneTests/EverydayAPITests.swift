import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// Types, quotas, limits, zones, services, actions, metadata and listings through the router.
@Suite("The everyday Cinder API")
struct EverydayAPITests {
    @Test func adminsManageTypesExtraSpecsAndPrivateAccess() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let body = #"{"volume_type": {"name": "gold", "os-volume-type-access:is_public": false, "extra_specs": {"volume_backend_name": "file"}}}"#
                #expect(try await client.send(.post, "/v3/p1/types", json: body).status == .forbidden)
                let created = try await client.send(.post, "/v3/p1/types", json: body, roles: "admin")
                #expect(created.status == .ok)
                let id = try #require(created.json["volume_type"]?["id"]?.stringValue)
                #expect(try await client.send(.post, "/v3/p1/types", json: body, roles: "admin").status == .conflict)

                // Private: invisible to p2 until shared.
                #expect(try await client.send(.get, "/v3/p2/types/gold", token: "u2:p2").status == .notFound)
                let share = #"{"addProjectAccess": {"project": "p2"}}"#
                #expect(try await client.send(.post, "/v3/p1/types/\(id)/action", json: share, roles: "admin").status == .accepted)
                #expect(try await client.send(.get, "/v3/p2/types/gold", token: "u2:p2").status == .ok)
                let access = try await client.send(.get, "/v3/p1/types/\(id)/os-volume-type-access", roles: "admin").json
                #expect(access["volume_type_access"] == [["volume_type_id": .string(id), "project_id": "p2"]])

                let setSpec = try await client.send(.post, "/v3/p1/types/\(id)/extra_specs", json: #"{"extra_specs": {"k": "v"}}"#, roles: "admin")
                #expect(setSpec.json == ["extra_specs": ["k": "v"]])
                #expect(try await client.send(.get, "/v3/p1/types/\(id)/extra_specs/k", roles: "admin").json == ["k": "v"])
                #expect(try await client.send(.delete, "/v3/p1/types/\(id)/extra_specs/k", roles: "admin").status == .accepted)
                #expect(try await client.send(.get, "/v3/p1/types/\(id)/extra_specs/k", roles: "admin").status == .notFound)

                // The backend name matches this host, so a volume lands; then the type is in use.
                let volume = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "volume_type": "gold"}}"#, roles: "admin")
                let volumeID = try #require(UUID(key: volume.json["volume"]?["id"]?.stringValue ?? ""))
                try await cluster.waitFor(volumeID, .available)
                let inUse = try await client.send(.delete, "/v3/p1/types/\(id)", roles: "admin")
                #expect(inUse.status == .badRequest && inUse.fault?.message == "Target volume type is still in use.")
                let renamed = try await client.send(.put, "/v3/p1/types/\(id)", json: #"{"volume_type": {"name": "platinum"}}"#, roles: "admin")
                #expect(renamed.json["volume_type"]?["name"] == "platinum")
                #expect(try await client.send(.get, "/v3/p1/types/default").json["volume_type"]?["name"] == "__DEFAULT__")
            }
        }
    }

    @Test func aBackendNameNoHostHasEndsInError() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let type = #"{"volume_type": {"name": "lvm-only", "extra_specs": {"volume_backend_name": "lvm"}}}"#
                #expect(try await client.send(.post, "/v3/p1/types", json: type, roles: "admin").status == .ok)
                let volume = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "volume_type": "lvm-only"}}"#)
                try await cluster.waitFor(try #require(UUID(key: volume.json["volume"]?["id"]?.stringValue ?? "")), .error)
            }
        }
    }

    @Test func quotasShowUpdateResetAndLimits() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let defaults = try await client.send(.get, "/v3/p3/os-quota-sets/p3/defaults", token: "u3:p3").json["quota_set"]
                #expect(defaults?["volumes"] == 10 && defaults?["gigabytes"] == 1000 && defaults?["id"] == "p3")
                #expect(try await client.send(.get, "/v3/p3/os-quota-sets/p4", token: "u3:p3").status == .forbidden)
                #expect(try await client.send(.put, "/v3/p3/os-quota-sets/p3", json: #"{"quota_set": {"volumes": 1}}"#, token: "u3:p3").status == .forbidden)
                let updated = try await client.send(
                    .put, "/v3/p3/os-quota-sets/p3", json: #"{"quota_set": {"volumes": 1, "snapshots": "4"}}"#, token: "a:p3", roles: "admin")
                #expect(updated.json["quota_set"]?["volumes"] == 1 && updated.json["quota_set"]?["snapshots"] == 4)
                let bad = try await client.send(.put, "/v3/p3/os-quota-sets/p3", json: #"{"quota_set": {"widgets": 1}}"#, token: "a:p3", roles: "admin")
                #expect(bad.status == .badRequest && bad.fault?.message == "Bad key(s) in quota set: widgets")
                #expect(
                    try await client.send(.put, "/v3/p3/os-quota-sets/p3", json: #"{"quota_set": {"volumes": -2}}"#, token: "a:p3", roles: "admin").status
                        == .badRequest)

                _ = try await client.createVolume(size: 2, token: "u3:p3")
                let second = try await client.send(.post, "/v3/p3/volumes", json: #"{"volume": {"size": 1}}"#, token: "u3:p3")
                #expect(second.status.code == 413)
                #expect(second.fault?.message == "Maximum number of volumes allowed (1) exceeded for quota 'volumes'.")
                let lowering = try await client.send(.put, "/v3/p3/os-quota-sets/p3", json: #"{"quota_set": {"volumes": 0}}"#, token: "a:p3", roles: "admin")
                #expect(lowering.status == .badRequest)

                let limits = try await client.send(.get, "/v3/p3/limits", token: "u3:p3").json["limits"]?["absolute"]
                #expect(limits?["maxTotalVolumes"] == 1 && limits?["totalVolumesUsed"] == 1 && limits?["totalGigabytesUsed"] == 2)
                #expect(try await client.send(.delete, "/v3/p3/os-quota-sets/p3", token: "a:p3", roles: "admin").status == .ok)
                #expect(try await client.send(.get, "/v3/p3/os-quota-sets/p3", token: "u3:p3").json["quota_set"]?["volumes"] == 10)
            }
        }
    }

    @Test func zonesAndServicesAreListed() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let zones = try await client.send(.get, "/v3/p1/os-availability-zone").json
                #expect(zones == ["availabilityZoneInfo": [["zoneName": "nova", "zoneState": ["available": true]]]])
                #expect(try await client.send(.get, "/v3/p1/os-services").status == .forbidden)
                let services = try await client.send(.get, "/v3/p1/os-services?binary=cinder-volume", roles: "admin").json["services"]
                guard case .array(let list)? = services else {
                    Issue.record("no services")
                    return
                }
                #expect(list.count == 1)
                #expect(list.first?["host"] == "test@file" && list.first?["state"] == "up" && list.first?["status"] == "enabled")
                // Cinder's names and host matching: `test` names the host's backends too, `tes` does not.
                let byHost = try await client.send(.get, "/v3/p1/os-services?host=test", roles: "admin").json["services"]?.arrayValue ?? []
                #expect(Set(byHost.compactMap { $0["binary"]?.stringValue }) == ["cinder-volume", "cinder-scheduler"])
                #expect(try await client.send(.get, "/v3/p1/os-services?host=tes", roles: "admin").json["services"] == [])
            }
        }
    }

    @Test func actionsAndMetadata() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let action = "/v3/p1/volumes/\(id.key)/action"
                #expect(try await client.send(.post, action, json: #"{"os-set_bootable": {"bootable": true}}"#).status == .ok)
                // Cinder's volume:update_readonly_flag: a project member's, not an admin's only.
                #expect(try await client.send(.post, action, json: #"{"os-update_readonly_flag": {"readonly": true}}"#, roles: "reader").status == .forbidden)
                #expect(try await client.send(.post, action, json: #"{"os-update_readonly_flag": {"readonly": true}}"#).status == .accepted)
                let shown = try await client.send(.get, "/v3/p1/volumes/\(id.key)").json["volume"]
                #expect(shown?["bootable"] == "true" && shown?["metadata"]?["readonly"] == "True")
                #expect(try await client.send(.post, action, json: #"{"os-frobnicate": {}}"#).status == .badRequest)
                #expect(try await client.send(.post, action, json: #"{"os-reset_status": {"status": "error"}}"#).status == .forbidden)
                let badStatus = try await client.send(.post, action, json: #"{"os-reset_status": {"status": "melted"}}"#, roles: "admin")
                #expect(badStatus.status == .badRequest)

                let metadata = "/v3/p1/volumes/\(id.key)/metadata"
                #expect(try await client.send(.post, metadata, json: #"{"metadata": {"a": "1", "b": "2"}}"#).json == ["metadata": ["a": "1", "b": "2"]])
                #expect(try await client.send(.put, metadata + "/a", json: #"{"meta": {"a": "9"}}"#).json == ["meta": ["a": "9"]])
                #expect(try await client.send(.put, metadata + "/a", json: #"{"meta": {"z": "9"}}"#).status == .badRequest)
                #expect(try await client.send(.delete, metadata + "/b").status == .ok)
                #expect(try await client.send(.get, metadata + "/b").status == .notFound)
                #expect(try await client.send(.get, metadata).json == ["metadata": ["a": "9"]])
                #expect(try await client.send(.put, metadata, json: #"{"metadata": {"c": "3"}}"#).json == ["metadata": ["c": "3"]])

                #expect(try await client.send(.post, action, json: #"{"os-reset_status": {"status": "error_deleting"}}"#, roles: "admin").status == .accepted)
                #expect(try await cluster.store.volume(id: id)?.status == .errorDeleting)
                #expect(try await client.send(.post, action, json: #"{"os-force_delete": {}}"#, roles: "admin").status == .accepted)
                try await cluster.waitFor(id, .deleted)
                #expect(try cluster.driver.existingVolumes().isEmpty)
            }
        }
    }

    @Test func listingsSortPageFilterAndCount() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                for (name, size) in [("alpha", 3), ("beta", 1), ("gamma", 2), ("alphabet", 4)] {
                    let id = try await client.createVolume(size: size, name: name)
                    try await cluster.waitFor(id, .available)
                }
                _ = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "name": "tagged", "metadata": {"tier": "hot"}}}"#)
                func names(_ query: String, version: String = "volume 3.60") async throws -> [String] {
                    let json = try await client.send(.get, "/v3/p1/volumes/detail?\(query)", version: version).json
                    guard case .array(let items)? = json["volumes"] else { return [] }
                    return items.compactMap { $0["name"]?.stringValue }
                }
                let sorted = try await names("sort=size:asc&name~=a")
                // Equal sizes fall back to newest first.
                #expect(sorted == ["tagged", "beta", "gamma", "alpha", "alphabet"])
                #expect(try await names("sort_key=name&sort_dir=asc&limit=2") == ["alpha", "alphabet"])
                #expect(try await names("name~=alpha", version: "volume 3.33").isEmpty == false)
                #expect(try await names("metadata=%7B%27tier%27%3A%20%27hot%27%7D") == ["tagged"])
                #expect(try await names("name=beta") == ["beta"])
                let page = try await client.send(.get, "/v3/p1/volumes?sort=name:asc&limit=2&with_count=true", version: "volume 3.60").json
                #expect(page["count"] == 5)
                let next = try #require(page["volumes_links"]?[0]?["href"]?.stringValue)
                let marker = try #require(URLComponents(string: next)?.queryItems?.first { $0.name == "marker" }?.value)
                #expect(try await names("sort=name:asc&limit=2&marker=\(marker)") == ["beta", "gamma"])
                #expect(try await client.send(.get, "/v3/p1/volumes?sort=colour:asc").status == .badRequest)
                #expect(try await client.send(.get, "/v3/p1/volumes?sort=name:sideways").status == .badRequest)
            }
        }
    }
}

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }
}
