import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberModel
@testable import EmberTestSupport

/// Request validation as Cinder 29's JSON schemas (`cinder/api/schemas/`), version by version: what
/// Cinder refuses is refused with a 400, what it takes is taken.
@Suite("Request bodies are validated as Cinder 29's schemas")
struct RequestSchemaTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var method: HTTPRequest.Method = .post
        var path: String = "/v3/p1/volumes"
        var body: String
        var version: String = "3.0"
        var status: HTTPResponse.Status
        var testDescription: String { "\(label) at \(version)" }
    }

    static let volumeCases: [Case] = [
        Case(label: "an unknown key is ignored before 3.53", body: #"{"volume": {"size": 1, "bogus": 1}}"#, version: "3.52", status: .accepted),
        Case(label: "an unknown key is refused from 3.53", body: #"{"volume": {"size": 1, "bogus": 1}}"#, version: "3.53", status: .badRequest),
        Case(
            label: "every schema key is taken at 3.71",
            body: #"{"volume": {"size": 1, "group_id": null, "backup_id": null, "image_id": null, "multiattach": false}}"#, version: "3.71", status: .accepted),
        Case(label: "backup_id is ignored before 3.47", body: #"{"volume": {"size": 1, "backup_id": "x"}}"#, version: "3.46", status: .accepted),
        Case(label: "backup_id must be a uuid from 3.47", body: #"{"volume": {"size": 1, "backup_id": "x"}}"#, version: "3.47", status: .badRequest),
        Case(
            label: "a backup source is refused", body: #"{"volume": {"size": 1, "backup_id": "\#(UUID().uuidString)"}}"#, version: "3.47", status: .badRequest),
        Case(label: "image_id is refused", body: #"{"volume": {"size": 1, "image_id": "x"}}"#, status: .badRequest),
        Case(label: "snapshot_id must be a uuid", body: #"{"volume": {"snapshot_id": "abc"}}"#, status: .badRequest),
        Case(label: "source_volid must be a uuid", body: #"{"volume": {"source_volid": "abc"}}"#, status: .badRequest),
        Case(label: "a uuid source that is not there", body: #"{"volume": {"source_volid": "\#(UUID().uuidString)"}}"#, status: .notFound),
        Case(label: "an empty availability zone", body: #"{"volume": {"size": 1, "availability_zone": ""}}"#, status: .badRequest),
        Case(label: "a metadata key outside Cinder's pattern", body: #"{"volume": {"size": 1, "metadata": {"a@b": "v"}}}"#, status: .badRequest),
        Case(label: "metadata keys with space, slash, colon, dot", body: #"{"volume": {"size": 1, "metadata": {"a b/c:d.e-f_g": "v"}}}"#, status: .accepted),
    ]

    @Test(arguments: volumeCases) func volumeCreates(_ test: Case) async throws {
        try await check(test)
    }

    static let updateCases: [Case] = [
        Case(label: "an empty volume update before 3.53", method: .put, path: "VOLUME", body: #"{"volume": {}}"#, version: "3.52", status: .ok),
        Case(label: "an empty volume update from 3.53", method: .put, path: "VOLUME", body: #"{"volume": {}}"#, version: "3.53", status: .badRequest),
        Case(label: "a volume update of the name", method: .put, path: "VOLUME", body: #"{"volume": {"name": "n"}}"#, version: "3.53", status: .ok),
        Case(label: "an empty snapshot update", method: .put, path: "SNAPSHOT", body: #"{"snapshot": {}}"#, status: .badRequest),
        Case(label: "snapshot metadata in an update", method: .put, path: "SNAPSHOT", body: #"{"snapshot": {"metadata": {"k": "v"}}}"#, status: .badRequest),
        Case(label: "a snapshot update of the description", method: .put, path: "SNAPSHOT", body: #"{"snapshot": {"display_description": "d"}}"#, status: .ok),
        Case(label: "a snapshot of a non-uuid volume", path: "/v3/p1/snapshots", body: #"{"snapshot": {"volume_id": "abc"}}"#, status: .badRequest),
        Case(label: "force as 'yes'", path: "/v3/p1/snapshots", body: #"{"snapshot": {"volume_id": "VOLUME_ID", "force": "yes"}}"#, status: .accepted),
        Case(label: "force as 'maybe'", path: "/v3/p1/snapshots", body: #"{"snapshot": {"volume_id": "VOLUME_ID", "force": "maybe"}}"#, status: .badRequest),
    ]

    @Test(arguments: updateCases) func updatesAndSnapshots(_ test: Case) async throws {
        try await check(test)
    }

    private func check(_ test: Case) async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                var (path, body) = (test.path, test.body)
                if path == "VOLUME" || path == "SNAPSHOT" || body.contains("VOLUME_ID") {
                    let volume = try await client.createVolume()
                    try await cluster.waitFor(volume, .available)
                    body = body.replacingOccurrences(of: "VOLUME_ID", with: volume.key)
                    if path == "VOLUME" { path = "/v3/p1/volumes/\(volume.key)" }
                    if path == "SNAPSHOT" {
                        let snapshot = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(volume.key)"}}"#)
                        path = "/v3/p1/snapshots/\(snapshot.json["snapshot"]?["id"]?.stringValue ?? "")"
                    }
                }
                let answer = try await client.send(test.method, path, json: body, version: "volume \(test.version)")
                #expect(answer.status == test.status, "\(answer.fault?.message ?? "")")
                if test.status == .badRequest { #expect(answer.fault?.code == 400) }
            }
        }
    }
}
