import EmberModel
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
                ]
                for (body, status) in cases {
                    #expect(try await client.send(.post, base, json: body, roles: "admin").status == status, "\(body)")
                }
                #expect(try await client.send(.get, base).status == .forbidden)
                #expect(try await client.send(.get, "/v3/p1/types/\(UUID().key)/encryption", roles: "admin").status == .notFound)
            }
        }
    }
}
