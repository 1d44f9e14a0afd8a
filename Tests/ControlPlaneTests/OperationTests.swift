import EmberModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// `/operations`: a copy held to a back-end rate shows its bytes, rate and time left while it runs and
/// its end after, to its own project and to admins only.
@Suite("Data operations and their progress")
struct OperationTests {
    @Test func aThrottledCloneShowsItsProgressThenItsEnd() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                // 24 MiB of data to copy at 8 MB/s: about three seconds.
                let source = try await Self.limitedVolume(client, cluster, bytesPerSecond: 8_000_000)
                let clone = try await Self.volume(client, #"{"volume": {"size": 1, "source_volid": "\#(source.key)"}}"#)

                let running = try await Self.poll(client, "/v3/p1/operations?resource_id=\(clone.key)") { operation in
                    (operation["bytes_done"]?.intValue ?? 0) > 0 && operation["state"] == "running"
                }
                #expect(running["kind"] == "clone" && running["resource_type"] == "volume" && running["project_id"] == "p1")
                #expect(running["bytes_total"]?.intValue == 1 << 30 && (running["bytes_done"]?.intValue ?? 0) < 1 << 30)
                #expect(running["host"] == nil, "the host is shown to admins only")
                #expect(running["finished_at"] == .null)
                let id = try #require(running["id"]?.stringValue)
                let moving = try await Self.poll(client, "/v3/p1/operations/\(id)") { ($0["bytes_per_second"]?.intValue ?? 0) > 0 }
                #expect(moving["seconds_left"]?.doubleValue != nil || moving["state"] != "running")

                try await cluster.waitFor(clone, .available)
                let ended = try #require(try await client.send(.get, "/v3/p1/operations/\(id)").json["operation"])
                #expect(ended["state"] == "succeeded" && ended["bytes_done"] == ended["bytes_total"])
                #expect(ended["seconds_left"] == .null && ended["finished_at"] != .null)
                // The whole run's rate: holes skipped unread count as done, so it is above the limit.
                #expect((ended["bytes_per_second"]?.intValue ?? 0) > 0)

                let asAdmin = try await client.send(.get, "/v3/p1/operations/\(id)", roles: "admin").json["operation"]
                #expect(asAdmin?["host"]?.stringValue?.hasPrefix("test@file") == true)
                let other = try await client.send(.get, "/v3/p2/operations", token: "u2:p2")
                #expect(other.status == .ok && other.json["operations"] == .array([]))
                #expect(try await client.send(.get, "/v3/p2/operations/\(id)", token: "u2:p2").status == .notFound)
                #expect(try await client.send(.get, "/v3/p1/operations?state=succeeded").json["operations"]?.arrayValue?.count == 1)
                #expect(try await client.send(.get, "/v3/p1/operations?state=running").json["operations"] == .array([]))
                #expect(try await client.send(.get, "/v3/p1/operations?colour=red").status == .badRequest)
                #expect(try await client.send(.get, "/v3/p1/operations/not-a-uuid").status == .notFound)
            }
        }
    }

    /// A snapshot taken by copying shows the copy's progress in Cinder's own
    /// `os-extended-snapshot-attributes:progress`, and is listed as a copy of a snapshot.
    @Test func aSnapshotsProgressIsItsCopys() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                // 24 MiB at 3 MB/s: about eight seconds, so that a loaded machine still sees the progress
                // written (at most once a second) between 0% and 100%.
                let source = try await Self.limitedVolume(client, cluster, bytesPerSecond: 3_000_000)
                let created = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(source.key)"}}"#)
                let snapshot = try #require(created.json["snapshot"]?["id"]?.stringValue)
                let deadline = ContinuousClock.now + .seconds(60)
                var seen: Set<String> = []
                while ContinuousClock.now < deadline {
                    let shown = try await client.send(.get, "/v3/p1/snapshots/\(snapshot)").json["snapshot"]
                    if let progress = shown?["os-extended-snapshot-attributes:progress"]?.stringValue { seen.insert(progress) }
                    if shown?["status"] == "available" { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                let between = seen.filter { $0 != "0%" && $0 != "100%" }
                #expect(!between.isEmpty, "progress seen: \(seen.sorted())")
                #expect(seen.contains("100%"))
                let listed = try await client.send(.get, "/v3/p1/operations?resource_id=\(snapshot)").json["operations"]?.arrayValue
                #expect(listed?.first?["resource_type"] == "snapshot" && listed?.first?["kind"] == "copy" && listed?.first?["state"] == "succeeded")
            }
        }
    }

    /// A volume of a type whose back-end QoS holds copies to `bytesPerSecond`, with 24 MiB of data.
    static func limitedVolume(_ client: some TestClientProtocol, _ cluster: TestCluster, bytesPerSecond: Int) async throws -> UUID {
        let specs = #"{"qos_specs": {"name": "slow", "consumer": "back-end", "total_bytes_sec": "\#(bytesPerSecond)"}}"#
        let qos = try #require(try await client.send(.post, "/v3/p1/qos-specs", json: specs, roles: "admin").json["qos_specs"]?["id"]?.stringValue)
        let type = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "limited"}}"#, roles: "admin")
        let typeID = try #require(type.json["volume_type"]?["id"]?.stringValue)
        _ = try await client.send(.get, "/v3/p1/qos-specs/\(qos)/associate?vol_type_id=\(typeID)", roles: "admin")
        let volume = try await Self.volume(client, #"{"volume": {"size": 1, "volume_type": "limited"}}"#)
        try await cluster.waitFor(volume, .available)
        let handle = try #require(FileHandle(forWritingAtPath: try await cluster.driver.exportPath(of: volume).path))
        try handle.write(contentsOf: Data(repeating: 0x5a, count: 24 << 20))
        try handle.close()
        return volume
    }

    static func volume(_ client: some TestClientProtocol, _ json: String) async throws -> UUID {
        let response = try await client.send(.post, "/v3/p1/volumes", json: json)
        #expect(response.status == .accepted, "\(response.json)")
        return try #require(UUID(key: response.json["volume"]?["id"]?.stringValue ?? ""))
    }

    /// Polls `uri` (a list or a show) until its operation satisfies `done`, for up to ten seconds.
    static func poll(_ client: some TestClientProtocol, _ uri: String, until done: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let body = try await client.send(.get, uri).json
            if let operation = body["operation"] ?? body["operations"]?.arrayValue?.first, done(operation) { return operation }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }
}

extension JSONValue {
    fileprivate var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    fileprivate var doubleValue: Double? {
        switch self {
        case .double(let value): value
        case .int(let value): Double(value)
        default: nil
        }
    }
}
