@testable import EmberModel
@testable import EmberSQLite
@testable import EmberTestSupport
import Foundation
import Testing

@Suite("SQLiteStore against a real SQLite file")
struct SQLiteStoreTests {
    let directory: TemporaryDirectory
    let store: SQLiteStore

    init() async throws {
        (directory, store) = try await SQLiteStore.scratch("ember-store")
    }

    func newVolume(size: Int = 1, project: String = "p1") async throws -> Volume {
        let volume = Volume(
            projectID: project, userID: "u1", name: "v", description: nil, sizeGB: size, availabilityZone: "nova",
            volumeTypeID: try await store.defaultVolumeType().id)
        try await store.insertVolume(volume)
        return volume
    }

    @Test func migrationsAreVersionedAndRerunnable() async throws {
        try await store.migrate()
        #expect(try await store.appliedMigrations() == ["v1-services-volumes-types", "v2-snapshots-quotas-type-access", "v3-attachments-exports", "v4-identity", "v5-revocation-events"])
        #expect(try await store.defaultVolumeType().name == "__DEFAULT__")
    }

    @Test func volumesRoundTrip() async throws {
        var volume = try await newVolume(size: 3)
        volume.metadata = [:]
        let read = try #require(try await store.volume(id: volume.id))
        #expect(read.sizeGB == 3 && read.status == .creating && read.projectID == "p1" && read.host == nil)
        let updated = try #require(try await store.updateVolume(id: volume.id, VolumeUpdate(name: .some("renamed"), metadata: .replace(["k": "v"]))))
        #expect(updated.name == "renamed" && updated.metadata == ["k": "v"])
        #expect(try await store.volumes(matching: VolumeQuery(projectID: "p1")).map(\.id) == [volume.id])
        #expect(try await store.volumes(matching: VolumeQuery(projectID: "p2")).isEmpty)
    }

    @Test func transitionIsACompareAndSwap() async throws {
        let volume = try await newVolume()
        #expect(try await store.apply(.deleteRequested, toVolume: volume.id) == false)
        #expect(try await store.apply(.createSucceeded, toVolume: volume.id))
        #expect(try await store.apply(.createSucceeded, toVolume: volume.id) == false)
        #expect(try await store.volume(id: volume.id)?.status == .available)
    }

    @Test func concurrentTransitionsHaveExactlyOneWinner() async throws {
        let volume = try await newVolume()
        try await store.apply(.createSucceeded, toVolume: volume.id)
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 { group.addTask { try await store.apply(.deleteRequested, toVolume: volume.id) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
    }

    @Test func deletedVolumesDisappearFromReads() async throws {
        let volume = try await newVolume()
        try await store.apply(.createSucceeded, toVolume: volume.id)
        try await store.apply(.deleteRequested, toVolume: volume.id)
        try await store.apply(.deleteSucceeded, toVolume: volume.id)
        #expect(try await store.volume(id: volume.id) == nil)
        #expect(try await store.volumes(matching: VolumeQuery(projectID: nil)).isEmpty)
    }

    @Test func concurrentClaimsNeverOvercommitAHost() async throws {
        // A host with room for 10 GiB; 30 one-GiB volumes race to claim it.
        let volumes = try await (0..<30).asyncMap { _ in try await newVolume() }
        let claimed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for volume in volumes {
                group.addTask { try await store.claimHost(volumeID: volume.id, host: "h1") { $0 + 1 <= 10 } }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(claimed == 10)
        #expect(try await store.allocatedCapacityGB() == ["h1": 10])
    }

    @Test func aPlacedVolumeIsNotClaimedTwice() async throws {
        let volume = try await newVolume()
        #expect(try await store.claimHost(volumeID: volume.id, host: "h1") { _ in true })
        #expect(try await store.claimHost(volumeID: volume.id, host: "h2") { _ in true } == false)
        #expect(try await store.volume(id: volume.id)?.host == "h1")
    }

    @Test func servicesRegisterOnceAndHeartbeat() async throws {
        let record = ServiceRecord(host: "h1", binary: "ember-volume", availabilityZone: "nova")
        try await store.registerService(record)
        try await store.registerService(record)
        let beat = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.recordHeartbeat(host: "h1", binary: "ember-volume", at: beat)
        let services = try await store.services()
        #expect(services.count == 1)
        #expect(services.first?.heartbeatAt == beat)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
