import EmberModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// User messages (3.3): the scheduler honours capability keys in a type's extra specs, so a volume no
/// backend can take goes to error, and its project is told why.
@Suite("User messages")
struct MessageTests {
    @Test func aVolumeNoBackendCanTakeEndsInErrorWithAMessage() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let type = #"{"volume_type": {"name": "bogus", "extra_specs": {"storage_protocol": "carrier-pigeon", "vendor_name": "Nobody"}}}"#
                #expect(try await client.send(.post, "/v3/p1/types", json: type, roles: "admin").status == .ok)
                let created = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "volume_type": "bogus"}}"#)
                let volume = try #require(UUID(key: created.json["volume"]?["id"]?.stringValue ?? ""))
                try await cluster.waitFor(volume, .error)
                #expect(try await client.send(.get, "/v3/p1/messages", version: "volume 3.2").status == .notFound, "3.3 and later")
                // The scheduler writes the message just after the volume's move to error.
                var polled: JSONValue?
                for _ in 0..<100 where polled == nil {
                    let messages = try await client.send(.get, "/v3/p1/messages", version: "volume 3.3").json["messages"]?.arrayValue ?? []
                    polled = messages.first { $0["resource_uuid"] == .string(volume.key) }
                    if polled == nil { try await Task.sleep(for: .milliseconds(100)) }
                }
                let message = try #require(polled)
                #expect(message["event_id"] == "VOLUME_VOLUME_001_003")
                #expect(message["user_message"] == "schedule allocate volume: Could not find any available weighted backend.")
                #expect(message["resource_type"] == "VOLUME" && message["message_level"] == "ERROR")
                let keys: Set<String> = [
                    "id", "event_id", "user_message", "message_level", "created_at", "guaranteed_until", "request_id", "links",
                    "resource_type", "resource_uuid",
                ]
                #expect(Set(message.objectValue?.keys ?? [:].keys) == keys)
                let id = try #require(message["id"]?.stringValue)
                #expect(
                    try await client.send(.get, "/v3/p1/messages?event_id=VOLUME_VOLUME_001_003", version: "volume 3.3").json["messages"]?.arrayValue?.count
                        == 1)
                #expect(try await client.send(.get, "/v3/p1/messages?event_id=other", version: "volume 3.3").json["messages"] == [])
                #expect(try await client.send(.get, "/v3/p2/messages/\(id)", token: "u2:p2", version: "volume 3.3").status == .notFound)
                #expect(try await client.send(.get, "/v3/p1/messages/\(id)", version: "volume 3.3").json["message"]?["id"] == .string(id))
                #expect(try await client.send(.delete, "/v3/p1/messages/\(id)", version: "volume 3.3").status == .noContent)
                #expect(try await client.send(.get, "/v3/p1/messages/\(id)", version: "volume 3.3").status == .notFound)
            }
        }
    }

    @Test func aTypeTheBackendReportsMatchesItsCapabilities() {
        let capabilities = HostCapabilities(
            host: "h@lvm", availabilityZone: "nova", backendName: "lvm", totalCapacityGB: 10, freeCapacityGB: 10, thinProvisioning: true,
            storageProtocol: "iSCSI")
        #expect(capabilities.satisfies(["storage_protocol": "iSCSI", "vendor_name": "Ember", "capabilities:pool_name": "lvm"]))
        #expect(capabilities.satisfies(["storage_protocol": "<in> SCSI", "qos:whatever": "1", "multiattach": "<is> True"]))
        #expect(!capabilities.satisfies(["storage_protocol": "nfs"]))
        #expect(!capabilities.satisfies(["vendor_name": "Nobody"]))
    }
}
