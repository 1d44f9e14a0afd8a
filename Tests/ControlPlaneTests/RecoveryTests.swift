import DataPath
import Foundation
import Logging
import Testing

@testable import EmberModel
@testable import EmberSQLStore
@testable import EmberSQLite
@testable import EmberTestSupport
@testable import EmberVolume

@Suite("Volume service recovery after a restart")
struct RecoveryTests {
    @Test func recoveryFinishesHalfDoneWorkAndRemovesOrphans() async throws {
        let directory = try TemporaryDirectory("ember-recovery")
        let store = try SQLStore(sqlitePath: directory.path + "/ember.sqlite")
        try await store.migrate()
        let driver = FileDriver(directory: directory.path + "/volumes")
        try driver.checkSetup()
        let creating = try await store.placedVolume(host: "h@file", .creating)
        let deleting = try await store.placedVolume(host: "h@file", .deleting)
        try await driver.createVolume(id: deleting.id, sizeGB: 1)
        let orphan = UUID()
        try await driver.createVolume(id: orphan, sizeGB: 1)

        let manager = VolumeManager(configuration: .init(host: "h@file"), store: store, driver: driver, logger: Logger(label: "t"))
        try await manager.recover(context: .service("test", requestID: "req-recovery"))

        #expect(try await store.volume(id: creating.id)?.status == .available)
        #expect(try await store.volume(id: deleting.id) == nil)
        #expect(try driver.existingVolumes() == [creating.id])
    }

    @Test func recoveryFinishesSnapshotsClonesExtendsAndRevertsAndDropsPartialCopies() async throws {
        let directory = try TemporaryDirectory("ember-recovery-copies")
        let store = try SQLStore(sqlitePath: directory.path + "/ember.sqlite")
        try await store.migrate()
        let driver = FileDriver(directory: directory.path + "/volumes")
        try driver.checkSetup()
        let type = try await store.defaultVolumeType().id
        let source = Volume(
            projectID: "p", userID: "u", name: nil, description: nil, sizeGB: 1, status: .available,
            availabilityZone: "nova", volumeTypeID: type, host: "h@file")
        try await store.insertVolume(source)
        try await driver.createVolume(id: source.id, sizeGB: 1)
        // A snapshot killed half-way: its row says creating and a partial copy lies about.
        let snapshot = Snapshot(projectID: "p", userID: "u", volumeID: source.id, name: nil, description: nil, sizeGB: 1)
        try await store.insertSnapshot(snapshot, volumeStatuses: [.available])
        FileManager.default.createFile(atPath: driver.path(ofSnapshot: snapshot.id) + ".partial", contents: Data([1, 2, 3]))
        let orphanSnapshot = UUID()
        FileManager.default.createFile(atPath: driver.path(ofSnapshot: orphanSnapshot), contents: Data())
        // A clone of the source killed before it started, and an extend killed before the file grew.
        let clone = Volume(
            projectID: "p", userID: "u", name: nil, description: nil, sizeGB: 2, status: .creating,
            availabilityZone: "nova", volumeTypeID: type, host: "h@file", sourceVolumeID: source.id)
        try await store.insertVolume(clone)
        #expect(try await store.beginExtend(id: source.id, toSizeGB: 3))

        try driver.checkSetup()  // what `ember serve` runs before the volume service: partial copies go
        let manager = VolumeManager(configuration: .init(host: "h@file"), store: store, driver: driver, logger: Logger(label: "t"))
        try await manager.recover(context: .service("test", requestID: "req-recovery"))

        #expect(try await store.snapshot(id: snapshot.id)?.status == .available)
        #expect(try driver.existingSnapshots() == [snapshot.id])
        #expect(try await store.volume(id: clone.id)?.status == .available)
        #expect(try SparseFile.size(of: driver.path(of: clone.id)) == 2 * GiB.bytes)
        #expect(try await store.volume(id: source.id).map { ($0.status, $0.sizeGB) }! == (.available, 3))
        #expect(try SparseFile.size(of: driver.path(of: source.id)) == 3 * GiB.bytes)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/volumes").filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)
    }

    @Test func aRestartedSchedulerPlacesVolumesLeftUnplaced() async throws {
        let id = UUID()
        let seed: @Sendable (SQLStore) async throws -> Void = { store in
            try await store.insertVolume(
                Volume(
                    id: id, projectID: "p", userID: "u", name: nil, description: nil, sizeGB: 1, availabilityZone: "nova",
                    volumeTypeID: try await store.defaultVolumeType().id))
        }
        try await TestCluster.run(seed: seed) { cluster in
            try await cluster.waitFor(id, .available)
            #expect(try await cluster.store.volume(id: id)?.host == "test@file#file")
            #expect(try cluster.driver.existingVolumes() == [id])
        }
    }

    @Test func capabilitiesComeFromTheFilesystem() async throws {
        let directory = try TemporaryDirectory("ember-capacity")
        let driver = FileDriver(directory: directory.path)
        let manager = VolumeManager(
            configuration: .init(host: "h@file", reservedPercentage: 5), store: try SQLStore(sqlitePath: directory.path + "/db"), driver: driver,
            logger: Logger(label: "t"))
        let capabilities = try await manager.capabilities()
        let usage = try FilesystemUsage.of(directory.path)
        #expect(capabilities.totalCapacityGB == Double(usage.totalBytes) / Double(GiB.bytes))
        #expect(capabilities.thinProvisioning)
        #expect(capabilities.reservedPercentage == 5)
    }
}

/// Writes `bytes` of 0xAB at the start of a volume's file, as a guest would.
private func fill(_ path: String, bytes: Int) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.write(contentsOf: Data(repeating: 0xAB, count: bytes))
    try handle.close()
}

/// The first `count` bytes of a file: a volume's file is a gigabyte, and reading it whole held a
/// cooperative thread for seconds.
private func leadingBytes(of path: String, _ count: Int) throws -> Data {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    return try handle.read(upToCount: count) ?? Data()
}

@Suite("File driver's volume_clear")
struct VolumeClearTests {
    @Test func zeroWipesTheDataBeforeTheFileIsRemoved() async throws {
        let directory = try TemporaryDirectory("ember-clear")
        let driver = FileDriver(directory: directory.path, volumeClear: .zero)
        let id = UUID()
        try await driver.createVolume(id: id, sizeGB: 1)
        try fill(driver.path(of: id), bytes: 1 << 20)
        // A second name for the same inode shows what the data became after the volume's file is gone.
        let witness = directory.path + "/witness"
        try FileManager.default.linkItem(atPath: driver.path(of: id), toPath: witness)
        try await driver.deleteVolume(id: id)
        #expect(!FileManager.default.fileExists(atPath: driver.path(of: id)))
        let data = try leadingBytes(of: witness, 1 << 20)
        #expect(data.count == 1 << 20 && data.allSatisfy { $0 == 0 })
    }

    @Test func noneLeavesTheDataToTheFilesystem() async throws {
        let directory = try TemporaryDirectory("ember-clear")
        let driver = FileDriver(directory: directory.path)
        let id = UUID()
        try await driver.createVolume(id: id, sizeGB: 1)
        try fill(driver.path(of: id), bytes: 4096)
        let witness = directory.path + "/witness"
        try FileManager.default.linkItem(atPath: driver.path(of: id), toPath: witness)
        try await driver.deleteVolume(id: id)
        let data = try leadingBytes(of: witness, 4096)
        #expect(data.count == 4096 && data.allSatisfy { $0 == 0xAB })
    }
}

@Suite("The drivers' rate limit (volume_copy_bps_limit)")
struct VolumeCopyRateLimitTests {
    /// 8 MiB of data in a 1 GiB sparse volume, copied at 4 MiB/s: at least 2 s for the data, while the
    /// holes (never read) and the delete's offloaded zeroing (nothing written) cost no time against the
    /// limit; counted, they would take over four minutes. The upper bounds sit far below those four
    /// minutes and far above the 2 s, since the suite's other tests share the disk (a CI run saw 11.7 s).
    @Test func aCopyIsHeldToTheLimitWhileHolesAndOffloadsAreNot() async throws {
        let directory = try TemporaryDirectory("ember-rate")
        let driver = FileDriver(directory: directory.path, volumeClear: .zero, mover: DataMover(bytesPerSecond: 4 << 20))
        let source = UUID()
        let copy = UUID()
        try await driver.createVolume(id: source, sizeGB: 1)
        try fill(driver.path(of: source), bytes: 8 << 20)
        let reflinks = try Device(path: driver.path(of: source), writable: false).capabilities.reflink
        let clock = ContinuousClock()

        let copying = try await clock.measure { try await driver.createVolume(id: copy, sizeGB: 1, from: .volume(source)) }
        let copied = try leadingBytes(of: driver.path(of: copy), 8 << 20)
        #expect(copied.count == 8 << 20 && copied.allSatisfy { $0 == 0xAB })
        if reflinks {
            #expect(copying < .seconds(1), "a reflink moves no data, so the limit does not apply")
        } else {
            #expect(copying >= .seconds(1.8) && copying < .seconds(60), "8 MiB at 4 MiB/s took \(copying)")
        }
        let deleting = try await clock.measure { try await driver.deleteVolume(id: copy) }
        #expect(deleting < .seconds(60), "the offloaded wipe of 1 GiB took \(deleting)")
        #expect(!FileManager.default.fileExists(atPath: driver.path(of: copy)))
    }
}
