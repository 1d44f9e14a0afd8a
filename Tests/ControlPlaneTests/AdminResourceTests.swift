import EmberModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// Cinder's administration resources as Ember serves them: hosts, backend capabilities, the
/// extension list and the service actions, with the effects they have on scheduling and deletes.
@Suite("Hosts, capabilities, extensions and service actions")
struct AdminResourceTests {
    @Test func aVolumeRecordsItsPoolAsHostAtBackendHashPool() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let shown = try await client.send(.get, "/v3/p1/volumes/\(id.key)", roles: "admin").json["volume"]
                #expect(shown?["os-vol-host-attr:host"] == "test@file#file")
                let pools = try await client.send(.get, "/v3/p1/scheduler-stats/get_pools?detail=True", roles: "admin").json["pools"]
                #expect(pools?.arrayValue?.first?["name"] == "test@file#file")
                #expect(pools?.arrayValue?.first?["capabilities"]?["storage_protocol"] == "file")
                let hosts = try await client.send(.get, "/v3/p1/os-hosts/test@file", roles: "admin").json["host"]?.arrayValue ?? []
                #expect(hosts.first?["resource"]?["volume_count"] == "1", "a pool's volume counts on its backend")
            }
        }
    }

    @Test func osHostsListsEnabledServicesAndShowsAVolumeHostsUsageByProject() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume(size: 2)
                try await cluster.waitFor(id, .available)
                let list = try await client.send(.get, "/v3/p1/os-hosts", roles: "admin")
                let hosts = list.json["hosts"]?.arrayValue ?? []
                #expect(Set(hosts.compactMap { $0["service"]?.stringValue }) == ["cinder-volume", "cinder-scheduler"])
                #expect(hosts.allSatisfy { $0["service-status"] == "available" && $0["service-state"] == "enabled" })
                let shown = try await client.send(.get, "/v3/p1/os-hosts/test@file", roles: "admin").json["host"]?.arrayValue ?? []
                #expect(shown.map { $0["resource"]?["project"] } == ["(total)", "p1"])
                #expect(shown.last?["resource"]?["total_volume_gb"] == "2")
                #expect(try await client.send(.get, "/v3/p1/os-hosts/nowhere", roles: "admin").status == .notFound)
                #expect(try await client.send(.get, "/v3/p1/os-hosts").status == .forbidden, "admin only")
            }
        }
    }

    @Test func capabilitiesComeFromTheBackendAndAgreeWithGetPools() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let response = try await client.send(.get, "/v3/p1/capabilities/test@file#file", roles: "admin")
                #expect(response.status == .ok)
                #expect(response.json["namespace"] == "OS::Storage::Capabilities::test@file")
                let pool = try await client.send(.get, "/v3/p1/scheduler-stats/get_pools?detail=True", roles: "admin").json["pools"]?[0]
                for key in ["vendor_name", "volume_backend_name", "storage_protocol"] {
                    #expect(response.json[key] == pool?["capabilities"]?[key], "\(key)")
                }
                #expect(try await client.send(.get, "/v3/p1/capabilities/other@lvm", roles: "admin").status == .notFound)
            }
        }
    }

    @Test func extensionsNameWhatIsServed() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let extensions = try await client.send(.get, "/v3/p1/extensions", roles: "reader").json["extensions"]?.arrayValue ?? []
                #expect(extensions.contains { $0["name"] == "Hosts" && $0["alias"] == "os-hosts" })
                #expect(extensions.allSatisfy { Set($0.objectValue?.keys ?? [:].keys) == ["name", "alias", "updated", "description", "links"] })
            }
        }
    }

    @Test func aDisabledVolumeServiceGetsNoNewVolumesUntilEnabled() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let body = #"{"host": "test@file", "binary": "cinder-volume", "disabled_reason": "maintenance"}"#
                let disabled = try await client.send(.put, "/v3/p1/os-services/disable-log-reason", json: body, roles: "admin")
                #expect(
                    disabled.json == [
                        "host": "test@file", "service": "", "binary": "cinder-volume", "status": "disabled", "disabled": true, "disabled_reason": "maintenance",
                    ])
                let services = try await client.send(.get, "/v3/p1/os-services?binary=cinder-volume", roles: "admin").json["services"]?[0]
                #expect(services?["status"] == "disabled" && services?["disabled_reason"] == "maintenance")
                let refused = try await client.createVolume()
                try await cluster.waitFor(refused, .error)
                let enable = #"{"host": "test@file", "binary": "cinder-volume"}"#
                #expect(try await client.send(.put, "/v3/p1/os-services/enable", json: enable, roles: "admin").json["status"] == "enabled")
                let placed = try await client.createVolume()
                try await cluster.waitFor(placed, .available)
            }
        }
    }

    @Test func serviceActionsRefuseWhatCinderRefuses() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let cases: [(String, String, HTTPResponse.Status)] = [
                    ("disable-log-reason", #"{"host": "test@file", "binary": "cinder-volume", "disabled_reason": null}"#, .badRequest),
                    ("disable-log-reason", #"{"host": "test@file", "binary": "cinder-volume"}"#, .badRequest),
                    ("enable", #"{"host": "invalid_host", "binary": "cinder-volume"}"#, .notFound),
                    ("disable", #"{"host": "test@file", "binary": "invalid_binary"}"#, .notFound),
                    ("disable", #"{"host": "test@file"}"#, .badRequest),
                    ("disable", #"{"host": "test@file", "binary": "cinder-volume", "extra": 1}"#, .badRequest),
                    ("freeze", #"{"host": "invalid_host"}"#, .badRequest),
                    ("thaw", #"{"host": "invalid_host"}"#, .badRequest),
                    ("freeze", #"{"host": "bad host!"}"#, .badRequest),
                ]
                for (action, body, status) in cases {
                    let response = try await client.send(.put, "/v3/p1/os-services/\(action)", json: body, roles: "admin")
                    #expect(response.status == status, "\(action) \(body)")
                    #expect(response.fault?.code == Int(status.code), "\(action) \(body): a Cinder fault body")
                }
                #expect(try await client.send(.put, "/v3/p1/os-services/freeze", json: #"{"host": "test@file"}"#).status == .forbidden)
            }
        }
    }

    @Test func aFrozenBackendsVolumesAreNeitherDeletedNorSnapshottedUntilThawed() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                #expect(try await client.send(.put, "/v3/p1/os-services/freeze", json: #"{"host": "test@file"}"#, roles: "admin").status == .ok)
                #expect(try await client.send(.get, "/v3/p1/os-services?binary=cinder-volume", roles: "admin").json["services"]?[0]?["frozen"] == true)
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)").status == .badRequest)
                let snapshot = #"{"snapshot": {"volume_id": "\#(id.key)"}}"#
                #expect(try await client.send(.post, "/v3/p1/snapshots", json: snapshot).status == .badRequest)
                #expect(try await cluster.store.volume(id: id)?.status == .available)
                #expect(try await client.send(.put, "/v3/p1/os-services/thaw", json: #"{"host": "test@file#file"}"#, roles: "admin").status == .ok)
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)").status == .accepted)
                try await cluster.waitFor(id, .deleted)
            }
        }
    }
}
