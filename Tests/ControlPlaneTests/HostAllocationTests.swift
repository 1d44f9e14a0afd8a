import EmberStore
import Foundation
import Testing

@testable import EmberModel
@testable import EmberSQLStore
@testable import EmberTestSupport

/// `host_allocations`, the per-host sum the scheduler reads (migration `v23-host-allocations`), kept
/// by triggers on `volumes`: after every kind of change it equals the sum over the live volumes.
@Suite("Host allocations")
struct HostAllocationTests {
    /// Capacity's sum, computed over every volume the way the scheduler computed it before the table.
    static func summedOverVolumes(_ store: SQLStore) async throws -> [String: Int] {
        try await store.database.read { db in
            let rows = try db.rows(
                sql: """
                    SELECT host, SUM(CASE WHEN COALESCE(extend_size, 0) > size THEN extend_size ELSE size END) AS gb
                    FROM volumes WHERE deleted = 0 AND host IS NOT NULL GROUP BY host
                    """)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["host"] as String, $0["gb"] as Int) })
        }
    }

    static func placedVolume(_ store: SQLStore, size: Int, host: String) async throws -> Volume {
        let volume = try await StoreConformanceTests.newVolume(store, size: size)
        #expect(try await store.claimHost(volumeID: volume.id, host: host) { _ in true })
        return volume
    }

    @Test(arguments: StoreImplementation.allCases)
    func theTableFollowsClaimsExtendsReleasesAndDeletes(_ implementation: StoreImplementation) async throws {
        let (_, holder) = try await implementation.make("allocations")
        let store = holder.store
        let expect = { (wanted: [String: Int], step: String) async throws in
            #expect(try await store.allocatedCapacityGB() == wanted, "\(step)")
            #expect(try await Self.summedOverVolumes(store) == wanted, "\(step): the sum over volumes")
        }
        let small = try await Self.placedVolume(store, size: 2, host: "h1@file#file")
        let large = try await Self.placedVolume(store, size: 3, host: "h1@file#file")
        let other = try await Self.placedVolume(store, size: 5, host: "h2@lvm#vg")
        _ = try await StoreConformanceTests.newVolume(store, size: 7)  // not placed: counted nowhere
        try await expect(["h1@file#file": 5, "h2@lvm#vg": 5], "claims")

        #expect(try await store.apply(.createSucceeded, toVolume: small.id))
        try await expect(["h1@file#file": 5, "h2@lvm#vg": 5], "a status change alone")
        #expect(try await store.beginExtend(id: small.id, toSizeGB: 10))
        try await expect(["h1@file#file": 13, "h2@lvm#vg": 5], "an extend reserves its new size")
        #expect(try await store.finishExtend(id: small.id, .extendFailed))
        try await expect(["h1@file#file": 5, "h2@lvm#vg": 5], "a failed extend gives it back")
        #expect(try await store.apply(.statusReset(.available), toVolume: small.id))
        #expect(try await store.beginExtend(id: small.id, toSizeGB: 4))
        #expect(try await store.finishExtend(id: small.id, .extendSucceeded))
        try await expect(["h1@file#file": 7, "h2@lvm#vg": 5], "an extend that succeeds keeps it")

        #expect(try await store.releaseHost(volumeID: other.id, host: "h2@lvm#vg"))
        try await expect(["h1@file#file": 7], "a released claim")
        #expect(try await store.claimHost(volumeID: other.id, host: "h1@file#file") { $0 + 5 <= 12 })
        try await expect(["h1@file#file": 12], "claimed elsewhere, within the admitted room")
        #expect(try await store.claimHost(volumeID: large.id, host: "h2@lvm#vg") { _ in true } == false)

        #expect(try await store.apply(.createSucceeded, toVolume: large.id))
        #expect(try await store.apply(.deleteRequested, toVolume: large.id))
        try await expect(["h1@file#file": 12], "deleting still holds its room")
        #expect(try await store.apply(.deleteSucceeded, toVolume: large.id))
        try await expect(["h1@file#file": 9], "deleted")
    }

    /// A database made before the table gets it filled from the volumes it already holds.
    @Test(arguments: StoreImplementation.allCases)
    func theMigrationFillsTheTableFromExistingVolumes(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.open("allocations-migration")
        var before = SchemaMigrator()
        for migration in Migrations.migrator.migrations.prefix(while: { $0.identifier != "v23-host-allocations" }) {
            before.registerMigration(migration.identifier, migrate: migration.step)
        }
        try await before.migrate(store.database)
        try await store.setQuotaLimits(project: "p1", [.volumes: -1, .gigabytes: -1])
        _ = try await StoreConformanceTests.newVolume(store, size: 4)
        let placed = try await StoreConformanceTests.newVolume(store, size: 2)
        try await store.database.write { db in
            try db.execute(sql: "UPDATE volumes SET host = 'h1@file#file', extend_size = 6 WHERE id = ?", arguments: [placed.id.key])
        }
        try await store.migrate()
        #expect(try await store.allocatedCapacityGB() == ["h1@file#file": 6])
        try await store.database.write { db in try db.execute(sql: "DELETE FROM volumes WHERE id = ?", arguments: [placed.id.key]) }
        #expect(try await store.allocatedCapacityGB() == [:], "a row removed outright leaves the sum too")
        _ = holder
    }
}
