import DataPath
import EmberModel
import EmberRPC
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport
@testable import EmberVolume

/// `/qos-specs` as Cinder 29 serves it, and what the specs do: back-end byte rates hold the volume
/// service's copies and wipes, front-end limits travel in `connection_info`.
@Suite("QoS specs")
struct QoSTests {
    static func create(_ client: some TestClientProtocol, _ body: String) async throws -> JSONValue {
        let response = try await client.send(.post, "/v3/p1/qos-specs", json: body, roles: "admin")
        #expect(response.status == .ok, "\(body)")
        return response.json
    }

    @Test func createListShowSetUnsetDeleteAsCinder() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let created = try await Self.create(client, #"{"qos_specs": {"name": " gold ", "consumer": "front-end", "read_iops_sec": "2000"}}"#)
                let specs = try #require(created["qos_specs"])
                #expect(Set(created.objectValue?.keys ?? [:].keys) == ["qos_specs", "links"])
                #expect(specs["name"] == "gold" && specs["consumer"] == "front-end" && specs["specs"] == ["read_iops_sec": "2000"])
                let id = try #require(specs["id"]?.stringValue)
                #expect(try await client.send(.get, "/v3/p1/qos-specs", roles: "admin").json["qos_specs"]?.arrayValue?.contains(specs) == true)
                #expect(try await client.send(.get, "/v3/p1/qos-specs/\(id)", roles: "admin").json["qos_specs"] == specs)
                let set = try await client.send(.put, "/v3/p1/qos-specs/\(id)", json: #"{"qos_specs": {"iops_bytes": "500"}}"#, roles: "admin")
                #expect(set.json == ["qos_specs": ["iops_bytes": "500"]])
                let unset = #"{"keys": ["iops_bytes"]}"#
                #expect(try await client.send(.put, "/v3/p1/qos-specs/\(id)/delete_keys", json: unset, roles: "admin").status == .accepted)
                #expect(try await client.send(.put, "/v3/p1/qos-specs/\(id)/delete_keys", json: unset, roles: "admin").status == .notFound)
                #expect(try await client.send(.get, "/v3/p1/qos-specs/\(id)", roles: "admin").json["qos_specs"]?["specs"] == ["read_iops_sec": "2000"])
                #expect(try await client.send(.delete, "/v3/p1/qos-specs/\(id)", roles: "admin").status == .accepted)
                #expect(try await client.send(.get, "/v3/p1/qos-specs/\(id)", roles: "admin").status == .notFound)
            }
        }
    }

    @Test func badRequestsAreRefusedAsCindersAre() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                _ = try await Self.create(client, #"{"qos_specs": {"name": "taken"}}"#)
                let cases: [(String, HTTPResponse.Status)] = [
                    (#"{"qos_specs": {"name": "taken"}}"#, .conflict),
                    (#"{"qos_specs": {"name": "x", "consumer": "sideways"}}"#, .badRequest),
                    (#"{"qos_specs": {"consumer": "both"}}"#, .badRequest),
                    (#"{"qos_specs": {"name": "   "}}"#, .badRequest),
                    (#"{"qos_specs": {"name": "y", "k": {"nested": 1}}}"#, .badRequest),
                    (#"{"qos": {"name": "z"}}"#, .badRequest),
                ]
                for (body, status) in cases {
                    #expect(try await client.send(.post, "/v3/p1/qos-specs", json: body, roles: "admin").status == status, "\(body)")
                }
                #expect(try await client.send(.get, "/v3/p1/qos-specs").status == .forbidden, "admin only")
                #expect(try await client.send(.get, "/v3/p1/qos-specs/not-an-id", roles: "admin").status == .notFound)
            }
        }
    }

    @Test func associationsAreOnePerTypeAndDeleteNeedsForceWhileAssociated() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try #require(try await Self.create(client, #"{"qos_specs": {"name": "q1"}}"#)["qos_specs"]?["id"]?.stringValue)
                let other = try #require(try await Self.create(client, #"{"qos_specs": {"name": "q2"}}"#)["qos_specs"]?["id"]?.stringValue)
                var types: [String] = []
                for name in ["t1", "t2", "t3"] {
                    let type = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "\#(name)"}}"#, roles: "admin")
                    types.append(try #require(type.json["volume_type"]?["id"]?.stringValue))
                }
                for type in types {
                    #expect(try await client.send(.get, "/v3/p1/qos-specs/\(id)/associate?vol_type_id=\(type)", roles: "admin").status == .accepted)
                }
                let associations = try await client.send(.get, "/v3/p1/qos-specs/\(id)/associations", roles: "admin").json["qos_associations"]
                #expect(Set(associations?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == Set(types))
                #expect(try await client.send(.get, "/v3/p1/types/\(types[0])", roles: "admin").json["volume_type"]?["qos_specs_id"] == .string(id))
                #expect(try await client.send(.get, "/v3/p1/qos-specs/\(other)/associate?vol_type_id=\(types[0])", roles: "admin").status == .badRequest)
                #expect(try await client.send(.get, "/v3/p1/qos-specs/\(id)/associate", roles: "admin").status == .badRequest)
                #expect(try await client.send(.get, "/v3/p1/qos-specs/\(id)/disassociate?vol_type_id=\(types[0])", roles: "admin").status == .accepted)
                #expect(try await client.send(.get, "/v3/p1/types/\(types[0])", roles: "admin").json["volume_type"]?["qos_specs_id"] == .null)
                #expect(try await client.send(.delete, "/v3/p1/qos-specs/\(id)", roles: "admin").status == .badRequest, "still associated")
                #expect(try await client.send(.delete, "/v3/p1/qos-specs/\(id)?force=True", roles: "admin").status == .accepted)
                #expect(try await client.send(.get, "/v3/p1/types/\(types[1])", roles: "admin").json["volume_type"]?["qos_specs_id"] == .null)
                #expect(try await client.send(.get, "/v3/p1/qos-specs/\(other)/disassociate_all", roles: "admin").status == .accepted)
            }
        }
    }

    @Test func backEndByteRatesHoldTheVolumeServicesCopiesAndWipes() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let body = #"{"qos_specs": {"name": "slow", "consumer": "both", "total_bytes_sec": "4000000", "write_bytes_sec": "3000000"}}"#
                let id = try #require(try await Self.create(client, body)["qos_specs"]?["id"]?.stringValue)
                let type = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "limited"}}"#, roles: "admin")
                let typeID = try #require(type.json["volume_type"]?["id"]?.stringValue)
                _ = try await client.send(.get, "/v3/p1/qos-specs/\(id)/associate?vol_type_id=\(typeID)", roles: "admin")
                let created = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "volume_type": "limited"}}"#)
                let volume = try #require(UUID(key: created.json["volume"]?["id"]?.stringValue ?? ""))
                try await cluster.waitFor(volume, .available)
                let manager = VolumeManager(configuration: .init(host: "test@file"), store: cluster.store, driver: cluster.driver, logger: .init(label: "t"))
                #expect(try await manager.backEndRate(of: try await cluster.store.volume(id: volume)) == 3_000_000)
                let mover = DataMover(bytesPerSecond: 10_000_000)
                #expect(mover.limited(TransferOptions()).bytesPerSecond == 10_000_000)
                DataMover.$volumeBytesPerSecond.withValue(3_000_000) { #expect(mover.limited(TransferOptions()).bytesPerSecond == 3_000_000) }
            }
        }
    }

    @Test func frontEndLimitsBecomeAbsoluteForTheVolumesSizeInConnectionInfo() {
        let specs = QoSSpecs(
            name: "f", consumer: .frontEnd,
            specs: ["read_iops_sec_per_gb": "100", "read_iops_sec_per_gb_min": "500", "write_bytes_sec_per_gb": "10", "write_bytes_sec_max": "50", "x": "1"])
        #expect(specs.frontEnd(sizeGB: 2) == ["read_iops_sec": "500", "write_bytes_sec": "20", "x": "1"])
        #expect(specs.frontEnd(sizeGB: 10) == ["read_iops_sec": "1000", "write_bytes_sec": "50", "x": "1"])
        #expect(QoSSpecs(name: "b", consumer: .backEnd, specs: ["x": "1"]).frontEnd(sizeGB: 1) == nil)
        #expect(QoSSpecs(name: "f", consumer: .frontEnd, specs: ["total_bytes_sec": "1"]).backEndBytesPerSecond == nil)
        let info = ConnectionInfo(
            export: Export(iqn: "iqn.x", portal: "127.0.0.1:3260", lun: 1), volumeID: UUID(),
            credentials: ChapCredentials(username: "u", password: "p"), accessMode: "rw", qosSpecs: ["read_iops_sec": "500"])
        #expect(AttachmentView.connectionInfo(info)["data"]?["qos_specs"] == ["read_iops_sec": "500"])
    }
}
