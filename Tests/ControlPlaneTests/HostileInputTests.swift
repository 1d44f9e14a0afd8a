import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberModel
@testable import EmberTestSupport

/// Inputs a hostile caller sends: each once crashed or corrupted the server, and each must be a 4xx.
@Suite("Hostile input is a 4xx fault, never a crash")
struct HostileInputTests {
    static let listings = [
        "/v3/p1/volumes", "/v3/p1/volumes/detail", "/v3/p1/volumes/summary",
        "/v3/p1/snapshots", "/v3/p1/snapshots/detail",
    ]
    static let badSorts = [":", "::", ",:", "name:asc,:", ":,name", ",", "name,", ":asc"]

    @Test(arguments: listings)
    func emptySortKeysAre400(_ path: String) async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                for sort in Self.badSorts {
                    let query = sort.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? sort
                    let response = try await client.send(.get, "\(path)?sort=\(query)", version: "volume 3.60")
                    #expect(response.status == .badRequest, "sort=\(sort) on \(path): \(response.status)")
                    #expect(response.fault?.message.contains("Invalid sort key") == true, "\(response.json)")
                }
                let emptyDirection = try await client.send(.get, "\(path)?sort=name:", version: "volume 3.60")
                #expect(emptyDirection.status == .ok, "an empty direction is the default one, as in Cinder")
            }
        }
    }

    @Test func sortKeySplitsAtTheFirstColon() {
        #expect(Listing.splitSortKey(":") == ("", nil))
        #expect(Listing.splitSortKey(" name : asc ") == ("name", "asc"))
        #expect(Listing.splitSortKey("name") == ("name", nil))
        #expect(Listing.splitSortKey("name:asc:x") == ("name", "asc:x"))
    }
}

@Suite("What a forced or racing request leaves behind")
struct LeftoverTests {
    @Test func forceDeletingAReservedVolumeRemovesItsAttachmentAndExport() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let reserved = try await client.send(
                    .post, "/v3/p1/attachments", json: #"{"attachment": {"volume_uuid": "\#(id.key)"}}"#, version: "volume 3.60")
                let attachment = try #require(reserved.json["attachment"]?["id"]?.stringValue)
                try await cluster.store.saveExportCredentials(volumeID: id, ChapCredentials(username: "u", password: "p"))
                let forced = try await client.send(.post, "/v3/p1/volumes/\(id.key)/action", json: #"{"os-force_delete": {}}"#, roles: "admin")
                #expect(forced.status == .accepted)
                try await cluster.waitFor(id, .deleted)
                #expect(try await client.send(.get, "/v3/p1/attachments/\(attachment)", version: "volume 3.60").status == .notFound)
                #expect(try await cluster.store.attachments(projectID: nil, volumeID: id).isEmpty)
                #expect(try await cluster.store.exportCredentials(volumeID: id) == nil)
            }
        }
    }

    @Test func aNULInANameDescriptionOrMetadataIs400AndNothingIsStored() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                for body in [
                    #"{"volume": {"size": 1, "name": "a\u0000b"}}"#, #"{"volume": {"size": 1, "description": "a\u0000b"}}"#,
                    #"{"volume": {"size": 1, "metadata": {"k\u0000": "v"}}}"#, #"{"volume": {"size": 1, "metadata": {"k": "v\u0000w"}}}"#,
                ] {
                    let response = try await client.send(.post, "/v3/p1/volumes", json: body)
                    // A NUL in a metadata key is already outside Cinder's key pattern.
                    let refused = response.fault.map { $0.message.contains("NUL") || $0.message.contains("does not match") } ?? false
                    #expect(response.status == .badRequest && refused, "\(body)")
                }
                #expect(try await cluster.store.volumes(matching: VolumeQuery(projectID: nil)).isEmpty)
                let id = try await client.createVolume()
                let merge = try await client.send(.post, "/v3/p1/volumes/\(id.key)/metadata", json: #"{"metadata": {"k": "a\u0000"}}"#)
                #expect(merge.status == .badRequest)
                #expect(try await cluster.store.volume(id: id)?.metadata == [:])
            }
        }
    }

    @Test func metadataStopsAtTheItemLimit() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                let limit = cluster.store.metadataItemLimit
                let full = (0..<limit).map { #""k\#($0)": "v""# }.joined(separator: ", ")
                #expect(try await client.send(.post, "/v3/p1/volumes/\(id.key)/metadata", json: #"{"metadata": {\#(full)}}"#).status == .ok)
                let over = try await client.send(.post, "/v3/p1/volumes/\(id.key)/metadata", json: #"{"metadata": {"one-more": "v"}}"#)
                #expect(over.status == .badRequest && over.fault?.message.contains("at most \(limit) metadata items") == true)
                #expect(
                    try await client.send(.put, "/v3/p1/volumes/\(id.key)/metadata/k0", json: #"{"meta": {"k0": "changed"}}"#).status == .ok,
                    "changing an existing key adds nothing")
                #expect(try await cluster.store.volume(id: id)?.metadata.count == limit)
                let tooMany = (0...limit).map { #""k\#($0)": "v""# }.joined(separator: ", ")
                let create = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "metadata": {\#(tooMany)}}}"#)
                #expect(create.status == .badRequest)
            }
        }
    }
}
