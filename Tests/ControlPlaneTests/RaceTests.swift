import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberModel
@testable import EmberTestSupport

@Suite("Concurrent requests on the same volumes")
struct RaceTests {
    @Test func hundredConcurrentCreatesAllEndAvailableWithOneFileEach() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
                    for index in 0..<100 { group.addTask { try await client.createVolume(name: "r\(index)") } }
                    return try await group.reduce(into: Set<UUID>()) { $0.insert($1) }
                }
                #expect(ids.count == 100)
                for id in ids { try await cluster.waitFor(id, .available, timeout: .seconds(60)) }
                let rows = try await cluster.store.volumes(matching: VolumeQuery(projectID: "p1"))
                #expect(Set(rows.map(\.id)) == ids)
                #expect(rows.allSatisfy { $0.status == .available && $0.host == "test@file#file" })
                #expect(try cluster.driver.existingVolumes() == ids)
                #expect(await cluster.driver.counter.creates == 100)
            }
        }
    }

    @Test func hundredConcurrentDeletesOfOneVolumeDeleteItOnce() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<100 { group.addTask { try await client.send(.delete, "/v3/p1/volumes/\(id.key)").status.code } }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(codes.filter { $0 == 202 }.count == 1)
                #expect(codes.allSatisfy { [202, 400, 404].contains($0) }, "\(codes)")
                try await cluster.waitFor(id, .deleted)
                #expect(await cluster.driver.counter.deletes == 1)
                #expect(try cluster.driver.existingVolumes().isEmpty)
            }
        }
    }
}

@Suite("Quota and dependency races")
struct QuotaRaceTests {
    @Test func twoHundredCreatesAgainstAQuotaOfFiftyAdmitExactlyFifty() async throws {
        try await TestCluster.run { cluster in
            try await cluster.store.setQuotaLimits(project: "p2", [.volumes: 50, .gigabytes: 60])
            try await Application(router: cluster.api.router()).test(.router) { client in
                let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            try await client.send(.post, "/v3/p2/volumes", json: #"{"volume": {"size": 1, "name": "q\#(index)"}}"#, token: "u2:p2").status.code
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(codes.filter { $0 == 202 }.count == 50)
                #expect(codes.filter { $0 == 413 }.count == 150, "\(Dictionary(grouping: codes, by: { $0 }).mapValues(\.count))")
                let rows = try await cluster.store.volumes(matching: VolumeQuery(projectID: "p2"))
                for row in rows { try await cluster.waitFor(row.id, .available, timeout: .seconds(60)) }
                #expect(rows.count == 50)
                #expect(try await cluster.store.quotaUsage(project: "p2") == QuotaUsage(volumes: 50, snapshots: 0, gigabytes: 50))
                let usage = try await client.send(.get, "/v3/p2/os-quota-sets/p2?usage=True", token: "u2:p2").json
                #expect(usage["quota_set"]?["volumes"]?["in_use"] == 50)
                #expect(usage["quota_set"]?["volumes"]?["limit"] == 50)
            }
        }
    }

    @Test func aSnapshotAndADeleteRacingOnOneVolumeNeverBothWin() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                for round in 0..<10 {
                    let id = try await client.createVolume(name: "race\(round)")
                    try await cluster.waitFor(id, .available)
                    async let snapshot = client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(id.key)"}}"#)
                    async let delete = client.send(.delete, "/v3/p1/volumes/\(id.key)")
                    let (snapshotCode, deleteCode) = try await (snapshot.status.code, delete.status.code)
                    // Exactly one wins; the loser is refused (400), or finds the volume already gone (404).
                    #expect([snapshotCode, deleteCode].filter { $0 == 202 }.count == 1, "round \(round): snapshot \(snapshotCode), delete \(deleteCode)")
                    #expect([snapshotCode, deleteCode].allSatisfy { [202, 400, 404].contains($0) })
                    let live = try await cluster.store.snapshots(matching: SnapshotQuery(projectID: "p1", volumeID: id))
                    if deleteCode == 202 {
                        #expect(live.isEmpty)
                        try await cluster.waitFor(id, .deleted)
                    } else {
                        #expect(live.count == 1)
                        #expect(try await cluster.store.volume(id: id)?.status == .available)
                    }
                }
            }
        }
    }
}

@Suite("Concurrent edits of one volume type")
struct TypeRaceTests {
    @Test func fiftyExtraSpecsAddedAtOnceAllLand() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let created = try await client.send(.post, "/v3/p1/types", json: #"{"volume_type": {"name": "busy"}}"#, roles: "admin")
                let id = try #require(created.json["volume_type"]?["id"]?.stringValue)
                let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            try await client.send(
                                .post, "/v3/p1/types/\(id)/extra_specs", json: #"{"extra_specs": {"k\#(index)": "v"}}"#,
                                roles: "admin"
                            ).status.code
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(codes.allSatisfy { $0 == 200 }, "\(codes)")
                let specs = try #require(try await cluster.store.volumeType(id)?.extraSpecs)
                #expect(Set(specs.keys) == Set((0..<50).map { "k\($0)" }))
            }
        }
    }
}
