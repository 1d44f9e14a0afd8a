import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberModel
@testable import EmberTestSupport

@Suite("Bad input answers with Cinder's fault body, never a 5xx")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var body: String
        var code: Int
        var message: String
        var testDescription: String { label }
    }

    static let createCases: [Case] = [
        Case(label: "malformed JSON", body: #"{"volume": {"size": 1"#, code: 400, message: "Malformed message body"),
        Case(label: "not an object", body: #"[1, 2]"#, code: 400, message: "a JSON object is expected"),
        Case(label: "missing volume", body: #"{}"#, code: 400, message: "Missing required element 'volume'"),
        Case(label: "missing size", body: #"{"volume": {"name": "x"}}"#, code: 400, message: "'size' is a required property"),
        Case(label: "size not an integer", body: #"{"volume": {"size": "abc"}}"#, code: 400, message: "size. Value: abc. abc is not a valid integer"),
        Case(label: "fractional size", body: #"{"volume": {"size": 1.5}}"#, code: 400, message: "is not a valid integer"),
        Case(label: "size zero", body: #"{"volume": {"size": 0}}"#, code: 400, message: "0 is less than the minimum of 1"),
        Case(label: "negative size", body: #"{"volume": {"size": -3}}"#, code: 400, message: "less than the minimum of 1"),
        Case(label: "huge size", body: #"{"volume": {"size": 99999999999}}"#, code: 400, message: "greater than the maximum"),
        Case(label: "name too long", body: #"{"volume": {"size": 1, "name": "\#(String(repeating: "n", count: 256))"}}"#, code: 400, message: "is too long"),
        Case(label: "name not a string", body: #"{"volume": {"size": 1, "name": 5}}"#, code: 400, message: "is not of type 'string'"),
        Case(
            label: "unknown top-level key", body: #"{"volume": {"size": 1}, "bogus": 1}"#, code: 400,
            message: "Additional properties are not allowed ('bogus' was unexpected)"),
        Case(label: "metadata not a map", body: #"{"volume": {"size": 1, "metadata": [1]}}"#, code: 400, message: "is not of type 'object'"),
        Case(
            label: "unknown type", body: #"{"volume": {"size": 1, "volume_type": "gold"}}"#, code: 404,
            message: "Volume type with name or id gold could not be found."),
        Case(label: "unknown zone", body: #"{"volume": {"size": 1, "availability_zone": "mars"}}"#, code: 400, message: "Availability zone 'mars' is invalid."),
        Case(label: "unsupported source", body: #"{"volume": {"size": 1, "imageRef": "x"}}"#, code: 400, message: "'imageRef' is not supported"),
        Case(
            label: "unknown snapshot", body: #"{"volume": {"size": 1, "snapshot_id": "00000000-0000-0000-0000-00000000000a"}}"#, code: 404,
            message: "Snapshot 00000000-0000-0000-0000-00000000000a could not be found."),
        Case(label: "a snapshot id that is no uuid", body: #"{"volume": {"size": 1, "snapshot_id": "x"}}"#, code: 400, message: "x is not a 'uuid'"),
        Case(
            label: "unknown source volume", body: #"{"volume": {"source_volid": "7d4c2a4e-0b1f-4d55-9c3e-2f6a7f8e0002"}}"#, code: 404,
            message: "Volume 7d4c2a4e-0b1f-4d55-9c3e-2f6a7f8e0002 could not be found."),
        Case(
            label: "two sources",
            body: #"{"volume": {"snapshot_id": "00000000-0000-0000-0000-00000000000a", "source_volid": "00000000-0000-0000-0000-00000000000b"}}"#, code: 400,
            message: "Only one of snapshot_id and source_volid"),
    ]

    @Test(arguments: createCases)
    func createRefuses(_ bad: Case) async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let response = try await client.send(.post, "/v3/p1/volumes", json: bad.body)
                #expect(response.status.code == bad.code)
                let fault = try #require(response.fault, "not a fault body: \(response.json)")
                #expect(fault.code == bad.code)
                #expect(fault.message.contains(bad.message), "\(fault.message)")
                #expect(response.headers[HTTPField.Name("x-openstack-request-id")!] != nil)
                #expect(try await cluster.store.volumes(matching: VolumeQuery(projectID: nil)).isEmpty, "nothing half-created")
            }
        }
    }

    @Test func otherFaults() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let noToken = try await client.send(.get, "/v3/p1/volumes", token: nil)
                #expect(noToken.status == .unauthorized && noToken.fault?.name == "unauthorized")
                let emptyProject = try await client.send(.get, "/v3/p1/volumes", token: "u1:")
                #expect(emptyProject.status == .unauthorized)
                let unknown = try await client.send(.get, "/v3/p1/volumes/\(UUID().key)")
                #expect(unknown.status == .notFound && unknown.fault?.name == "itemNotFound")
                let notUUID = try await client.send(.get, "/v3/p1/volumes/../../etc")
                #expect(notUUID.status == .notFound)
                let version = try await client.send(.get, "/v3/p1/volumes", version: "volume 3.999")
                #expect(version.status.code == 406 && version.fault?.message.contains("not supported") == true)
                let badVersion = try await client.send(.get, "/v3/p1/volumes", version: "volume three")
                #expect(badVersion.status == .badRequest)
                let large = try await client.send(
                    .post, "/v3/p1/volumes", json: #"{"volume": {"size": 1, "description": "\#(String(repeating: "x", count: 200_000))"}}"#)
                #expect(large.status.code == 413 && large.fault?.name == "overLimit")
                let route = try await client.send(.get, "/v3/p1/nothing-here")
                #expect(route.status == .notFound && route.fault != nil)
                let badStatus = try await client.send(.get, "/v3/p1/volumes?status=melting")
                #expect(badStatus.status == .ok && badStatus.json["volumes"] == [], "a status no volume has matches nothing, as in Cinder")
                let badUpdate = try await client.send(.put, "/v3/p1/volumes/\(UUID().key)", json: #"{"volume": {"size": 5}}"#)
                #expect(badUpdate.status == .badRequest)
            }
        }
    }

    @Test func deletingACreatingOrDeletingVolumeIsRefusedWithTheStatus() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                try await cluster.store.apply(.deleteRequested, toVolume: id)
                let response = try await client.send(.delete, "/v3/p1/volumes/\(id.key)")
                #expect(response.status == .badRequest)
                #expect(response.fault?.message.contains("current status is: deleting") == true)
            }
        }
    }
}
