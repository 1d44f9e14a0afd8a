import EmberModel
import EmberVolume
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// Manage-existing and unmanage on the file backend, as Cinder 29's `os-volume-manage`,
/// `os-snapshot-manage` and the `os-unmanage` actions: the data is kept both ways.
@Suite("Manage and unmanage")
struct ManageTests {
    static let mib = 1 << 20

    @Test func anUnmanagedVolumeKeepsItsDataAndManagingItBackMakesANewVolume() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await volume(client, cluster)
                try pattern(0x5A, into: cluster.driver.wrapped.path(of: id))
                let shown = try await client.send(.get, "/v3/p1/volumes/\(id.key)", roles: "admin").json["volume"]
                #expect(try await client.send(.post, "/v3/p1/volumes/\(id.key)/action", json: #"{"os-unmanage": {}}"#).status == .forbidden)
                #expect(try await client.send(.post, "/v3/p1/volumes/\(id.key)/action", json: #"{"os-unmanage": {}}"#, roles: "admin").status == .accepted)
                try await cluster.waitFor(id, .deleted)
                let kept = cluster.driver.wrapped.directory + "/" + ExternalName.unmanaged(volume: id)
                #expect(try readPattern(kept) == 0x5A, "the data stays under the unmanaged name")
                #expect(try cluster.driver.existingVolumes().contains(id) == false, "recovery does not see it as an orphan")

                let host = try #require(shown?["os-vol-host-attr:host"]?.stringValue)
                let body = """
                    {"volume": {"host": "\(host)", "ref": {"source-name": "\(ExternalName.unmanaged(volume: id))"}, "name": "back",
                     "volume_type": "\(shown?["volume_type"]?.stringValue ?? "")", "availability_zone": "nova", "metadata": {"k": "v"}}}
                    """
                let managed = try await client.send(.post, "/v3/p1/os-volume-manage", json: body, roles: "admin")
                #expect(managed.status == .accepted && managed.json["volume"]?["os-vol-tenant-attr:tenant_id"] == nil, "the create view")
                let newID = try #require(UUID(key: managed.json["volume"]?["id"]?.stringValue ?? ""))
                try await cluster.waitFor(newID, .available)
                let again = try await client.send(.get, "/v3/p1/volumes/\(newID.key)", roles: "admin").json["volume"]
                #expect(again?["size"] == 1 && again?["name"] == "back" && again?["os-vol-host-attr:host"] == .string(host) && again?["metadata"] == ["k": "v"])
                #expect(try readPattern(cluster.driver.wrapped.path(of: newID)) == 0x5A)
                #expect(!FileManager.default.fileExists(atPath: kept))
            }
        }
    }

    @Test func aFileAnOperatorPutThereIsManagedWithItsSizeRoundedUpToAGiB() async throws {
        try await TestCluster.run { cluster in
            let path = cluster.driver.wrapped.directory + "/legacy-disk.img"
            FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: UInt64(3 << 29))  // 1.5 GiB
            try handle.close()
            try await Application(router: cluster.api.router()).test(.router) { client in
                let body = #"{"volume": {"host": "test@file", "ref": {"source-name": "legacy-disk.img"}, "bootable": true}}"#
                #expect(try await client.send(.post, "/v3/p1/manageable_volumes", json: body, roles: "admin", version: "volume 3.7").status == .notFound)
                let managed = try await client.send(.post, "/v3/p1/manageable_volumes", json: body, roles: "admin", version: "volume 3.8")
                let id = try #require(UUID(key: managed.json["volume"]?["id"]?.stringValue ?? ""))
                #expect(managed.json["volume"]?["size"] == 2 && managed.json["volume"]?["bootable"] == "true")
                try await cluster.waitFor(id, .available)
                let attributes = try FileManager.default.attributesOfItem(atPath: cluster.driver.wrapped.path(of: id))
                #expect((attributes[.size] as? NSNumber)?.intValue == 2 << 30, "grown to the volume's size")
                #expect(try await cluster.store.volume(id: id)?.host == "test@file#file")
            }
        }
    }

    @Test func badManageRequestsAreRefused() async throws {
        try await TestCluster.run { cluster in
            let directory = cluster.driver.wrapped.directory
            try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: "/etc/passwd")
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await volume(client, cluster)
                func manage(_ volume: String) -> String { #"{"volume": {"host": "test@file", \#(volume)}}"# }
                let cases: [(String, HTTPResponse.Status, String)] = [
                    (manage(#""name": "x""#), .badRequest, "required"),
                    (manage(#""ref": {"source-id": "7"}"#), .badRequest, "source-name"),
                    (manage(#""ref": "disk""#), .badRequest, "source-name"),
                    (manage(#""ref": {"source-name": "../ember.sqlite"}"#), .badRequest, "letters"),
                    (manage(#""ref": {"source-name": "volume-\#(id.key)"}"#), .badRequest, "Ember gives"),
                    (manage(#""ref": {"source-name": "absent.img"}"#), .notFound, "no regular file"),
                    (manage(#""ref": {"source-name": "link"}"#), .notFound, "no regular file"),
                    (manage(#""ref": {"source-name": "x"}, "size": 1"#), .badRequest, "Additional properties"),
                    (#"{"volume": {"host": "nowhere@file", "ref": {"source-name": "x"}}}"#, .notFound, "Host"),
                    (#"{"volume": {"ref": {"source-name": "x"}}}"#, .badRequest, "host"),
                    (manage(#""ref": {"source-name": "x"}, "volume_type": "no-such-type""#), .badRequest, "volume type"),
                ]
                for (body, status, words) in cases {
                    let answer = try await client.send(.post, "/v3/p1/os-volume-manage", json: body, roles: "admin")
                    #expect(
                        answer.status == status && answer.fault?.message.contains(words) == true, "\(body): \(answer.status) \(answer.fault?.message ?? "")")
                }
                let plain = manage(#""ref": {"source-name": "x"}"#)
                #expect(try await client.send(.post, "/v3/p1/os-volume-manage", json: plain).status == .forbidden)
                #expect(try await cluster.store.volumes(matching: VolumeQuery(projectID: nil)).count == 1, "nothing was inserted")
            }
        }
    }

    @Test func anUnmanagedSnapshotIsManagedBackOntoItsVolume() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volumeID = try await volume(client, cluster)
                let snapshot = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(volumeID.key)"}}"#)
                let snapshotID = try #require(UUID(key: snapshot.json["snapshot"]?["id"]?.stringValue ?? ""))
                try await cluster.waitFor(snapshot: snapshotID, .available)
                try pattern(0x3C, into: cluster.driver.wrapped.path(ofSnapshot: snapshotID))
                let delete = #"{"os-unmanage": null}"#
                #expect(
                    try await client.send(.post, "/v3/p1/volumes/\(volumeID.key)/action", json: delete, roles: "admin").status == .badRequest,
                    "it has a snapshot")
                #expect(try await client.send(.post, "/v3/p1/snapshots/\(snapshotID.key)/action", json: delete, roles: "admin").status == .accepted)
                try await cluster.waitFor(snapshot: snapshotID, .deleted)
                let name = ExternalName.unmanaged(snapshot: snapshotID)
                let body = """
                    {"snapshot": {"volume_id": "\(volumeID.key)", "ref": {"source-name": "\(name)"}, "name": "back", "description": "d",
                     "metadata": {"a": "b"}}}
                    """
                let managed = try await client.send(.post, "/v3/p1/os-snapshot-manage", json: body, roles: "admin")
                #expect(managed.status == .accepted)
                let shown = try #require(managed.json["snapshot"]?.objectValue)
                #expect(Set(shown.keys) == ["status", "size", "metadata", "name", "volume_id", "created_at", "description", "id", "updated_at"])
                let newID = try #require(UUID(key: shown["id"]?.stringValue ?? ""))
                try await cluster.waitFor(snapshot: newID, .available)
                #expect(try await cluster.store.snapshot(id: newID)?.sizeGB == 1)
                #expect(try readPattern(cluster.driver.wrapped.path(ofSnapshot: newID)) == 0x3C)
                let missing = body.replacingOccurrences(of: name, with: "gone")
                #expect(try await client.send(.post, "/v3/p1/os-snapshot-manage", json: missing, roles: "admin").status == .notFound)
            }
        }
    }

    @Test func encryptedAndAttachedVolumesAreNotUnmanaged() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await volume(client, cluster)
                try await cluster.store.apply(.statusReset(.inUse), toVolume: id)
                let answer = try await client.send(.post, "/v3/p1/volumes/\(id.key)/action", json: #"{"os-unmanage": {}}"#, roles: "admin")
                #expect(answer.status == .badRequest && answer.fault?.message.contains("in-use") == true)
                #expect(try await cluster.store.volume(id: id)?.status == .inUse)

                let type = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "secret"}}"#, roles: "admin")
                let typeID = try #require(type.json["volume_type"]?["id"]?.stringValue)
                let encryption = #"{"encryption": {"provider": "luks", "control_location": "front-end"}}"#
                #expect(try await client.send(.post, "/v3/p1/types/\(typeID)/encryption", json: encryption, roles: "admin").status == .ok)
                let created = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "volume_type": "secret"}}"#)
                let encrypted = try #require(UUID(key: created.json["volume"]?["id"]?.stringValue ?? ""))
                try await cluster.waitFor(encrypted, .available)
                let refused = try await client.send(.post, "/v3/p1/volumes/\(encrypted.key)/action", json: #"{"os-unmanage": {}}"#, roles: "admin")
                #expect(refused.status == .badRequest && refused.fault?.message.contains("encrypted") == true)
                let into = #"{"volume": {"host": "test@file", "ref": {"source-name": "x"}, "volume_type": "secret"}}"#
                let managed = try await client.send(.post, "/v3/p1/os-volume-manage", json: into, roles: "admin")
                #expect(managed.status == .badRequest && managed.fault?.message.contains("encrypted") == true)
            }
        }
    }

    private func volume(_ client: some TestClientProtocol, _ cluster: TestCluster) async throws -> UUID {
        let id = try await client.createVolume()
        try await cluster.waitFor(id, .available)
        return id
    }

    private func pattern(_ byte: UInt8, into path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(repeating: byte, count: Self.mib))
        try handle.close()
    }

    private func readPattern(_ path: String) throws -> UInt8? {
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        let data = try handle.read(upToCount: Self.mib) ?? Data()
        return data.count == Self.mib && Set(data).count == 1 ? data.first : nil
    }
}
