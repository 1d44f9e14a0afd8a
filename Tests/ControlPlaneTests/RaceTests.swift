@testable import ControlPlane
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

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
                for id in ids { try await cluster.waitFor(id, .available) }
                let rows = try await cluster.store.volumes(matching: VolumeQuery(projectID: "p1"))
                #expect(Set(rows.map(\.id)) == ids)
                #expect(rows.allSatisfy { $0.status == .available && $0.host == "test@file" })
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
