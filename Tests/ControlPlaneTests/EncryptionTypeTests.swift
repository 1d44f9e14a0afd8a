import EmberModel
import EmberRPC
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// Volume type encryption (`/types/{id}/encryption`) as Cinder 29's extension serves it.
@Suite("Volume type encryption")
struct EncryptionTypeTests {
    @Test func createShowUpdateDeleteAndTheVolumesOfTheTypeAreEncrypted() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let type = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "secret"}}"#, roles: "admin")
                let typeID = try #require(type.json["volume_type"]?["id"]?.stringValue)
                let base = "/v3/p1/types/\(typeID)/encryption"
                #expect(try await client.send(.get, base, roles: "admin").json == [:])
                let body = #"{"encryption": {"provider": "LuksEncryptor", "key_size": 256, "cipher": "aes-xts-plain64", "control_location": "front-end"}}"#
                let created = try await client.send(.post, base, json: body, roles: "admin").json["encryption"]
                #expect(created?["provider"] == "LuksEncryptor" && created?["key_size"] == 256 && created?["volume_type_id"] == .string(typeID))
                let encryptionID = try #require(created?["encryption_id"]?.stringValue)
                #expect(try await client.send(.post, base, json: body, roles: "admin").status == .badRequest, "one a type")
                let shown = try await client.send(.get, base, roles: "admin").json
                #expect(shown["cipher"] == "aes-xts-plain64" && shown["deleted"] == false && shown["deleted_at"] == .null)
                let update = #"{"encryption": {"key_size": 128, "provider": "SomeProvider", "control_location": "back-end"}}"#
                let updated = try await client.send(.put, "\(base)/\(encryptionID)", json: update, roles: "admin")
                #expect(updated.json == ["encryption": ["key_size": 128, "provider": "SomeProvider", "control_location": "back-end"]])
                let nullLocation = #"{"encryption": {"control_location": null}}"#
                #expect(try await client.send(.put, "\(base)/\(encryptionID)", json: nullLocation, roles: "admin").status == .badRequest)
                #expect(try await client.send(.get, "\(base)/control_location", roles: "admin").json == ["control_location": "back-end"])
                #expect(try await client.send(.get, "\(base)/nosuchfield", roles: "admin").status == .notFound)
                let volume = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "volume_type": "secret"}}"#)
                let volumeID = try #require(UUID(key: volume.json["volume"]?["id"]?.stringValue ?? ""))
                #expect(try await client.send(.get, "/v3/p1/volumes/\(volumeID.key)").json["volume"]?["encrypted"] == true)
                #expect(try await client.send(.delete, "\(base)/\(encryptionID)", roles: "admin").status == .badRequest, "the type is in use")
                try await cluster.waitFor(volumeID, .available)
                _ = try await client.send(.delete, "/v3/p1/volumes/\(volumeID.key)")
                try await cluster.waitFor(volumeID, .deleted)
                #expect(try await client.send(.delete, "\(base)/\(encryptionID)", roles: "admin").status == .accepted)
                #expect(try await client.send(.get, base, roles: "admin").json == [:])
            }
        }
    }

    @Test func badBodiesAreRefused() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let type = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "t"}}"#, roles: "admin")
                let base = "/v3/p1/types/\(type.json["volume_type"]?["id"]?.stringValue ?? "")/encryption"
                let cases: [(String, HTTPResponse.Status)] = [
                    (#"{"encryption": {"provider": "p"}}"#, .badRequest),
                    (#"{"encryption": {"provider": "p", "control_location": "sideways"}}"#, .badRequest),
                    (#"{"encryption": {"provider": "p", "control_location": "front-end", "key_size": -1}}"#, .badRequest),
                    (#"{"encryption": {"provider": 7, "control_location": "front-end"}}"#, .badRequest),
                    (#"{"encryption": {"provider": null, "control_location": "front-end"}}"#, .badRequest),
                    (#"{"encryption": {"provider": "p", "control_location": null}}"#, .badRequest),
                ]
                for (body, status) in cases {
                    #expect(try await client.send(.post, base, json: body, roles: "admin").status == status, "\(body)")
                }
                #expect(try await client.send(.get, base).status == .forbidden)
                #expect(try await client.send(.get, "/v3/p1/types/\(UUID().key)/encryption", roles: "admin").status == .notFound)
            }
        }
    }

    @Test func volumesOfAnEncryptedTypeTakeTheKeyManagersKey() async throws {
        try await TestCluster.run { cluster in
            let type = try await encryptedType(cluster)
            let request = #"{"volume": {"size": 1, "volume_type": "secret"}}"#
            try await Application(router: CinderAPI(store: cluster.store, bus: cluster.bus).router()).test(.router) { client in
                let refused = try await client.send(.post, "/v3/p1/volumes", json: request)
                #expect(refused.status == .badRequest && refused.fault?.message.contains("no key manager") == true)
            }
            try await Application(router: cluster.api.router()).test(.router) { client in
                let created = try await client.send(.post, "/v3/p1/volumes", json: request).json["volume"]
                let id = try #require(UUID(key: created?["id"]?.stringValue ?? ""))
                #expect(created?["encrypted"] == true)
                #expect(try await cluster.store.volume(id: id)?.encryptionKeyID == FixedKeyManager.keyID)
                let shown = try await client.send(.get, "/v3/p1/volumes/\(id.key)", version: "volume 3.64").json["volume"]
                #expect(shown?["encrypted"] == true && shown?["encryption_key_id"] == nil, "Cinder hides the fixed key's id")
                try await cluster.waitFor(id, .available)
                let plain = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "plain"}}"#, roles: "admin")
                let retype = #"{"os-retype": {"new_type": "plain"}}"#
                let answer = try await client.send(.post, "/v3/p1/volumes/\(id.key)/action", json: retype)
                #expect(plain.status == .ok && answer.status == .badRequest && answer.fault?.message.contains("encrypted") == true)
            }
            _ = type
        }
    }

    @Test func aKeyOtherThanTheFixedOneIsShownFrom364AndClonesCopyIt() async throws {
        try await TestCluster.run { cluster in
            _ = try await encryptedType(cluster)
            let api = CinderAPI(store: cluster.store, bus: cluster.bus, keyManager: FreshKeyManager())
            try await Application(router: api.router()).test(.router) { client in
                let created = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "volume_type": "secret"}}"#)
                let id = try #require(UUID(key: created.json["volume"]?["id"]?.stringValue ?? ""))
                let key = try #require(try await cluster.store.volume(id: id)?.encryptionKeyID)
                #expect(try await client.send(.get, "/v3/p1/volumes/\(id.key)", version: "volume 3.63").json["volume"]?["encryption_key_id"] == nil)
                #expect(
                    try await client.send(.get, "/v3/p1/volumes/\(id.key)", version: "volume 3.64").json["volume"]?["encryption_key_id"] == .string(key.key))
                try await cluster.waitFor(id, .available)
                let clone = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"source_volid": "\#(id.key)"}}"#)
                let cloneID = try #require(UUID(key: clone.json["volume"]?["id"]?.stringValue ?? ""))
                let cloneKey = try await cluster.store.volume(id: cloneID)?.encryptionKeyID
                #expect(cloneKey != nil && cloneKey != key, "a copy of the source's key, not the same key")
                #expect(clone.json["volume"]?["encrypted"] == true)
            }
        }
    }

    @Test func connectionInfoSaysWhetherTheVolumeIsEncrypted() throws {
        let export = Export(iqn: "iqn.2010-10.org.openstack:volume-x", portal: "127.0.0.1:3260", lun: 1)
        let credentials = ChapCredentials(username: "u", password: "p")
        for encrypted in [false, true] {
            let info = ConnectionInfo(export: export, volumeID: UUID(), credentials: credentials, accessMode: "rw", encrypted: encrypted)
            #expect(AttachmentView.connectionInfo(info)["data"]?["encrypted"] == .bool(encrypted))
        }
    }

    @Test func fixedKeysAreHexOf32To128Digits() {
        #expect(FixedKeyManager(hex: String(repeating: "0f", count: 32))?.key == Array(repeating: 0x0F, count: 32))
        for bad in ["", "abc", String(repeating: "g", count: 64), String(repeating: "a", count: 31), String(repeating: "a", count: 130)] {
            #expect(FixedKeyManager(hex: bad) == nil, "\(bad)")
        }
    }

    /// A type named `secret` with a LUKS encryption.
    private func encryptedType(_ cluster: TestCluster) async throws -> String {
        try await Application(router: cluster.api.router()).test(.router) { client in
            let type = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "secret"}}"#, roles: "admin")
            let typeID = try #require(type.json["volume_type"]?["id"]?.stringValue)
            let body = #"{"encryption": {"provider": "luks", "cipher": "aes-xts-plain64", "key_size": 256, "control_location": "front-end"}}"#
            #expect(try await client.send(.post, "/v3/p1/types/\(typeID)/encryption", json: body, roles: "admin").status == .ok)
            return typeID
        }
    }
}

/// A key manager that makes a new key for every request, as Barbican does, so the views' handling of
/// ids other than the fixed one can be seen.
private struct FreshKeyManager: KeyManager {
    func createKey() async throws -> UUID { UUID() }
    func copyKey(_ key: UUID) async throws -> UUID { UUID() }
}
