import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// Which fields each call answers with, as Cinder 29's do: Tempest validates every body with
/// `additionalProperties: false`, so a field Cinder adds only in show is wrong in a create.
@Suite("Response bodies per call, as Cinder's")
struct ResponseShapeTests {
    static let volumeExtensions = [
        "os-vol-tenant-attr:tenant_id", "os-vol-host-attr:host", "os-vol-mig-status-attr:migstat",
        "os-vol-mig-status-attr:name_id",
    ]
    static let snapshotExtensions = ["os-extended-snapshot-attributes:progress", "os-extended-snapshot-attributes:project_id"]

    static func keys(_ value: JSONValue?) -> Set<String> {
        Set(value?.objectValue?.keys ?? [:].keys)
    }

    @Test func volumeCreateAndUpdateCarryNoExtensionFieldsShowAndDetailDo() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                for roles in ["member", "admin"] {
                    let created = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1}}"#, roles: roles)
                    let volume = Self.keys(created.json["volume"])
                    #expect(volume.isDisjoint(with: Self.volumeExtensions), "create as \(roles): \(volume)")
                    let id = try #require(created.json["volume"]?["id"]?.stringValue)
                    let updated = try await client.send(.put, "/v3/p1/volumes/\(id)", json: #"{"volume": {"name": "n"}}"#, roles: roles)
                    #expect(Self.keys(updated.json["volume"]).isDisjoint(with: Self.volumeExtensions), "update as \(roles)")
                    let shown = Self.keys(try await client.send(.get, "/v3/p1/volumes/\(id)", roles: roles).json["volume"])
                    let listed = try await client.send(.get, "/v3/p1/volumes/detail", roles: roles).json["volumes"]?.arrayValue?.first
                    let expected: Set<String> = roles == "admin" ? Set(Self.volumeExtensions) : ["os-vol-tenant-attr:tenant_id"]
                    #expect(shown.intersection(Self.volumeExtensions) == expected, "show as \(roles)")
                    #expect(Self.keys(listed).intersection(Self.volumeExtensions) == expected, "detail as \(roles)")
                }
            }
        }
    }

    @Test func snapshotCreateUpdateAndPlainListCarryNoExtendedAttributes() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume()
                try await cluster.waitFor(volume, .available)
                let created = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(volume.key)"}}"#)
                #expect(Self.keys(created.json["snapshot"]).isDisjoint(with: Self.snapshotExtensions))
                let id = try #require(created.json["snapshot"]?["id"]?.stringValue)
                let updated = try await client.send(.put, "/v3/p1/snapshots/\(id)", json: #"{"snapshot": {"name": "s"}}"#, version: "volume 3.41")
                #expect(Self.keys(updated.json["snapshot"]).isDisjoint(with: Self.snapshotExtensions))
                #expect(updated.json["snapshot"]?["user_id"] != nil, "3.41 adds user_id to the detail view")
                let index = try await client.send(.get, "/v3/p1/snapshots", version: "volume 3.41").json["snapshots"]?.arrayValue?.first
                #expect(Self.keys(index) == ["id", "created_at", "updated_at", "name", "description", "volume_id", "status", "size", "metadata"])
                let detail = try await client.send(.get, "/v3/p1/snapshots/detail").json["snapshots"]?.arrayValue?.first
                #expect(Self.keys(detail).isSuperset(of: Self.snapshotExtensions))
                #expect(Self.keys(try await client.send(.get, "/v3/p1/snapshots/\(id)").json["snapshot"]).isSuperset(of: Self.snapshotExtensions))
            }
        }
    }

    @Test func typeWritesAnswerWithTheOlderViewAndShowsHideSensitiveSpecsFromMembers() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let body = #"{"volume_type": {"name": "gold", "extra_specs": {"volume_backend_name": "file", "multiattach": "<is> True"}}}"#
                let created = try await client.send(.post, "/v3/p1/types", json: body, roles: "admin")
                #expect(Self.keys(created.json["volume_type"]) == ["id", "name", "is_public", "extra_specs", "description", "os-volume-type-access:is_public"])
                let id = try #require(created.json["volume_type"]?["id"]?.stringValue)
                let updated = try await client.send(.put, "/v3/p1/types/\(id)", json: #"{"volume_type": {"description": "d"}}"#, roles: "admin")
                #expect(Self.keys(updated.json["volume_type"]) == ["id", "name", "is_public", "extra_specs", "description"])
                let asAdmin = try await client.send(.get, "/v3/p1/types/\(id)", roles: "admin").json["volume_type"]
                #expect(Self.keys(asAdmin).contains("qos_specs_id"))
                #expect(asAdmin?["extra_specs"] == ["volume_backend_name": "file", "multiattach": "<is> True"])
                let asMember = try await client.send(.get, "/v3/p1/types/\(id)").json["volume_type"]
                #expect(!Self.keys(asMember).contains("qos_specs_id"))
                #expect(asMember?["extra_specs"] == ["multiattach": "<is> True"], "only the user-visible specs")
                let listed = try await client.send(.get, "/v3/p1/types").json["volume_types"]?.arrayValue ?? []
                #expect(listed.allSatisfy { !Self.keys($0).contains("qos_specs_id") })
            }
        }
    }

    @Test func poolsReportTheReservedPercentageAsAnInteger() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let pools = try await client.send(.get, "/v3/p1/scheduler-stats/get_pools?detail=True", roles: "admin").json
                let reserved = pools["pools"]?.arrayValue?.first?["capabilities"]?["reserved_percentage"]
                #expect(reserved == .int(0), "\(String(describing: reserved))")
            }
        }
    }
}

/// Paging, filters and request checks as Cinder 29 does them.
@Suite("Listings and request checks, as Cinder's")
struct CinderListingTests {
    static func names(_ response: TestResponse, _ key: String = "volumes") -> [String] {
        (response.json[key]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    @Test func offsetSkipsAndAFullPageAlwaysHasANextLink() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                for name in ["a", "b", "c", "d"] { _ = try await client.createVolume(name: name) }
                let skipped = try await client.send(.get, "/v3/p1/volumes?sort=name:asc&offset=1&limit=2")
                #expect(Self.names(skipped) == ["b", "c"])
                let last = try await client.send(.get, "/v3/p1/volumes?sort=name:asc&offset=2&limit=2")
                #expect(Self.names(last) == ["c", "d"])
                let link = try #require(last.json["volumes_links"]?.arrayValue?.first?["href"]?.stringValue, "a full last page links on")
                #expect(link.contains("limit=2") && link.contains("marker="))
                let short = try await client.send(.get, "/v3/p1/volumes?sort=name:asc&offset=3&limit=2")
                #expect(Self.names(short) == ["d"])
                #expect(short.json["volumes_links"] == nil)
                #expect(try await client.send(.get, "/v3/p1/volumes").json["volumes_links"] == nil, "no limit: a page holds 1000")
                for bad in ["offset=-1", "offset=x", "limit=-1", "limit=x"] {
                    let refused = try await client.send(.get, "/v3/p1/volumes?\(bad)")
                    #expect(refused.status == .badRequest, "\(bad)")
                    let name = bad.split(separator: "=")[0]
                    let expected = bad.hasSuffix("-1") ? "\(name) param must be positive" : "\(name) param must be an integer"
                    #expect(refused.fault?.message.contains(expected) == true, "\(bad): \(String(describing: refused.fault))")
                }
            }
        }
    }

    @Test func snapshotListsHonourOffset() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume()
                try await cluster.waitFor(volume, .available)
                for name in ["s1", "s2", "s3"] {
                    let body = #"{"snapshot": {"volume_id": "\#(volume.key)", "name": "\#(name)"}}"#
                    #expect(try await client.send(.post, "/v3/p1/snapshots", json: body).status == .accepted)
                }
                let page = try await client.send(.get, "/v3/p1/snapshots?sort=name:asc&offset=1&limit=1")
                #expect(Self.names(page, "snapshots") == ["s2"])
            }
        }
    }

    @Test func aStatusNoVolumeHasMatchesNothing() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                _ = try await client.createVolume()
                for status in ["null", "deleted", "bogus"] {
                    let listed = try await client.send(.get, "/v3/p1/volumes?status=\(status)")
                    #expect(listed.status == .ok, "\(status)")
                    #expect(listed.json["volumes"] == [], "\(status)")
                }
            }
        }
    }

    @Test func snapshotCreateChecksItsBodyAsCindersSchema() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let null = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": null}}"#)
                #expect(null.status == .notFound)
                #expect(null.fault?.message == "Volume None could not be found.")
                let missing = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"name": "s"}}"#)
                #expect(missing.status == .badRequest)
                let volume = try await client.createVolume()
                let legacy = #"{"snapshot": {"volume_id": "\#(volume.key)", "display_description": "d"}}"#
                #expect(try await client.send(.post, "/v3/p1/snapshots", json: legacy).status == .badRequest)
            }
        }
    }
}

extension CinderListingTests {
    @Test func volumeCreateIgnoresKeysItsSchemaDoesNotName() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let created = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "colour": "red"}}"#)
                #expect(created.status == .accepted)
                #expect(created.json["volume"]?["colour"] == nil)
                let refused = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1}, "colour": "red"}"#)
                #expect(refused.status == .badRequest, "the top level stays closed")
            }
        }
    }
}

extension CinderListingTests {
    @Test func theQueryIsReadAsWebobReadsIt() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let tagged = #"{"volume": {"size": 1, "name": "a b", "metadata": {"tier": "hot"}}}"#
                #expect(try await client.send(.post, "/v3/p1/volumes", json: tagged).status == .accepted)
                _ = try await client.createVolume(name: "plain")
                // python-cinderclient's `--metadata tier=hot`: a Python dict, form-encoded (`+` for the space).
                let byMetadata = try await client.send(.get, "/v3/p1/volumes?metadata=%7B%27tier%27%3A+%27hot%27%7D")
                #expect(Self.names(byMetadata) == ["a b"])
                #expect(Self.names(try await client.send(.get, "/v3/p1/volumes?name=a+b")) == ["a b"])
                #expect(Self.names(try await client.send(.get, "/v3/p1/volumes?name=a%2Bb")).isEmpty, "an encoded plus is a plus")
            }
        }
    }
}

extension CinderListingTests {
    @Test func aPathEndingInASlashNamesAnEmptyIDAndIsNotFound() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                for path in ["/v3/p1/volumes/", "/v3/p1/snapshots/", "/v3/p1/types/", "/v3/volumes/"] {
                    let response = try await client.send(.get, path)
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.fault?.name == "itemNotFound", "\(path)")
                }
                #expect(try await client.send(.get, "/v3/p1/volumes").status == .ok)
                #expect(try await client.send(.get, "/v3/").status == .ok)
                #expect(try await client.send(.get, "/").status == .multipleChoices)
            }
        }
    }
}

extension CinderListingTests {
    @Test func aVolumeIsMultiattachThroughItsTypeNotAParameter() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let refused = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "multiattach": true}}"#)
                #expect(refused.status == .badRequest)
                #expect(refused.fault?.message.hasPrefix("multiattach parameter has been removed.") == true)
                #expect(try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "multiattach": false}}"#).status == .accepted)
                let type = #"{"volume_type": {"name": "shared", "extra_specs": {"multiattach": "<is> True"}}}"#
                #expect(try await client.send(.post, "/v3/p1/types", json: type, roles: "admin").status == .ok)
                let created = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "volume_type": "shared"}}"#)
                #expect(created.json["volume"]?["multiattach"] == true)
            }
        }
    }
}
