import DataPath
import Foundation
import Logging
import Testing

@testable import EmberModel
@testable import EmberSQLStore
@testable import EmberSQLite
@testable import EmberTestSupport
@testable import EmberVolume

/// The guest lane (`scripts/guest-lvm.sh`) sets EMBER_LVM_VG to a volume group on a loop device inside
/// a Linux guest with device-mapper. On a host without one these tests do not run; the refusal test does.
enum LVMGuest {
    static let volumeGroup = ProcessInfo.processInfo.environment["EMBER_LVM_VG"]

    static func driver(_ provisioning: LVMDriver.Provisioning, clear: VolumeClear = .zero) throws -> LVMDriver {
        // A small pool, so the thick tests that follow still find free extents in the group.
        try LVMDriver(configuration: .init(volumeGroup: volumeGroup ?? "none", provisioning: provisioning, poolFraction: 0.3, volumeClear: clear))
    }

    static func device(_ driver: LVMDriver, _ id: UUID, writable: Bool = false) throws -> Device {
        try Device(path: driver.devicePath(of: id), writable: writable)
    }

    /// The checksum of the first 64 MiB, where `scribble` writes (I/O in an emulated guest is slow).
    static func checksum(_ driver: LVMDriver, _ id: UUID, bytes: UInt64 = 64 << 20) throws -> UInt64 {
        try Checksum.of(device(driver, id), length: bytes)
    }

    /// Writes `pattern` in 1 MiB pieces at every 4th MiB of the first 64 MiB, through buffered I/O.
    static func scribble(_ driver: LVMDriver, _ id: UUID, pattern: UInt8) throws {
        let handle = try #require(FileHandle(forWritingAtPath: driver.devicePath(of: id)))
        defer { try? handle.close() }
        let piece = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ pattern })
        for mebibyte in stride(from: 1, to: 64, by: 4) {
            try handle.seek(toOffset: UInt64(mebibyte) << 20)
            try handle.write(contentsOf: piece)
        }
        try handle.synchronize()
    }

    /// Whether the MiB in `mebibytes` read back as zeroes (by default 1 to 63: the first MiB is left to
    /// lvcreate's own zeroing).
    static func readsZero(_ driver: LVMDriver, _ id: UUID, mebibytes: Range<UInt64> = 1..<64) throws -> Bool {
        let handle = try #require(FileHandle(forReadingAtPath: driver.devicePath(of: id)))
        defer { try? handle.close() }
        try handle.seek(toOffset: mebibytes.lowerBound << 20)
        let length = Int(mebibytes.count) << 20
        let chunk = try handle.read(upToCount: length) ?? Data()
        return chunk.count == length && !chunk.contains { $0 != 0 }
    }

    static func lvs() async throws -> [String] {
        try await Command("lvs", ["--noheadings", "-o", "lv_name", volumeGroup ?? "none"]).run()
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

@Suite("LVM driver, inside a guest with device-mapper", .enabled(if: LVMGuest.volumeGroup != nil), .serialized)
struct LVMDriverTests {
    @Test(arguments: LVMDriver.Provisioning.allCases)
    func snapshotsClonesRevertExtendAndDeleteKeepContent(_ provisioning: LVMDriver.Provisioning) async throws {
        let driver = try LVMGuest.driver(provisioning)
        try await driver.checkSetup()
        let volume = UUID()
        let snapshot = UUID()
        let fromSnapshot = UUID()
        let clone = UUID()
        try await driver.createVolume(id: volume, sizeGB: 1)
        try await driver.createVolume(id: volume, sizeGB: 1)  // idempotent
        try LVMGuest.scribble(driver, volume, pattern: 0x5a)
        let atSnapshot = try LVMGuest.checksum(driver, volume)
        try await driver.createSnapshot(id: snapshot, volumeID: volume)
        try LVMGuest.scribble(driver, volume, pattern: 0xa5)
        let changed = try LVMGuest.checksum(driver, volume)
        #expect(changed != atSnapshot)
        try await driver.createVolume(id: fromSnapshot, sizeGB: 1, from: .snapshot(snapshot))
        #expect(try LVMGuest.checksum(driver, fromSnapshot) == atSnapshot, "a volume from a snapshot holds the snapshot's content")
        try await driver.createVolume(id: clone, sizeGB: 2, from: .volume(volume))
        #expect(try LVMGuest.checksum(driver, clone) == changed, "a clone holds the source's content")
        #expect(try LVMGuest.device(driver, clone).size == 2 * GiB.bytes)
        try await driver.revertVolume(id: volume, toSnapshot: snapshot)
        #expect(try LVMGuest.checksum(driver, volume) == atSnapshot, "revert restores the snapshot's content")
        try await driver.extendVolume(id: volume, sizeGB: 3)
        #expect(try LVMGuest.device(driver, volume).size == 3 * GiB.bytes)
        #expect(try LVMGuest.checksum(driver, volume) == atSnapshot, "extend keeps the content")
        #expect(try await driver.existingVolumes() == [volume, fromSnapshot, clone])
        #expect(try await driver.existingSnapshots() == [snapshot])
        for id in [fromSnapshot, clone] { try await driver.deleteVolume(id: id) }
        try await driver.deleteSnapshot(id: snapshot)
        try await driver.deleteVolume(id: volume)
        try await driver.deleteVolume(id: volume)  // idempotent
        #expect(try await driver.existingVolumes().isEmpty)
        #expect(try await driver.existingSnapshots().isEmpty)
        #expect(try await LVMGuest.lvs().allSatisfy { !$0.hasPrefix("volume-") && !$0.hasPrefix("_snapshot-") && !$0.hasPrefix("tmp-") })
    }

    @Test func aDeletedThickVolumeIsWipedBeforeItsSpaceIsReused() async throws {
        // With volume_clear none, the next LV on the same extents shows the old data: the check can fail.
        for (clear, expectZero) in [(VolumeClear.none, false), (.zero, true)] {
            let driver = try LVMGuest.driver(.thick, clear: clear)
            let second = try await reuseExtents(driver)
            #expect(try LVMGuest.readsZero(driver, second) == expectZero, "volume_clear \(clear.rawValue)")
            try await driver.deleteVolume(id: second)
        }
    }

    @Test func volumeClearSizeZeroesOnlyTheStartOfADeletedThickVolume() async throws {
        var configuration = try LVMGuest.driver(.thick).configuration
        configuration.volumeClearBytes = 8 << 20
        let driver = try LVMDriver(configuration: configuration)
        let second = try await reuseExtents(driver)
        #expect(try LVMGuest.readsZero(driver, second, mebibytes: 1..<8), "the first 8 MiB were zeroed")
        #expect(try !LVMGuest.readsZero(driver, second, mebibytes: 9..<10), "MiB 9 still holds the old data")
        try await driver.deleteVolume(id: second)
    }

    /// Creates a volume, scribbles on it, deletes it, and creates the next one on the same extents.
    private func reuseExtents(_ driver: LVMDriver) async throws -> UUID {
        try await driver.checkSetup()
        let first = UUID()
        let second = UUID()
        try await driver.createVolume(id: first, sizeGB: 1)
        try LVMGuest.scribble(driver, first, pattern: 0x77)
        try await driver.deleteVolume(id: first)
        try await driver.createVolume(id: second, sizeGB: 1)
        return second
    }

    @Test func aDeletedThinVolumeIsDiscardedAndItsPoolSpaceReturns() async throws {
        let driver = try LVMGuest.driver(.thin)
        try await driver.checkSetup()
        let before = try await driver.capacity()
        let id = UUID()
        try await driver.createVolume(id: id, sizeGB: 1)
        try LVMGuest.scribble(driver, id, pattern: 0x11)
        let used = try await driver.capacity()
        #expect(used.freeGB < before.freeGB, "writing allocated pool space")
        try await driver.deleteVolume(id: id)
        let after = try await driver.capacity()
        #expect(abs(after.freeGB - before.freeGB) < 0.01, "the pool got its space back")
    }

    @Test func capacityMatchesWhatVgsAndLvsSay() async throws {
        let group = try #require(LVMGuest.volumeGroup)
        let thick = try await LVMGuest.driver(.thick).capacity()
        let vgs = try await Command("vgs", ["--noheadings", "--units", "b", "--nosuffix", "--separator", ":", "-o", "vg_size,vg_free", group]).run()
        let fields = vgs.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").compactMap { Double($0) }
        #expect(fields.count == 2)
        #expect(thick.totalGB == fields[0] / Double(GiB.bytes))
        #expect(thick.freeGB == fields[1] / Double(GiB.bytes))
        #expect(!thick.thinProvisioning)
        let thinDriver = try LVMGuest.driver(.thin)
        try await thinDriver.checkSetup()
        let thin = try await thinDriver.capacity()
        let pool = try await Command(
            "lvs", ["--noheadings", "--units", "b", "--nosuffix", "--separator", ":", "-o", "lv_size,data_percent", "\(group)/ember-pool"]
        ).run()
        let poolFields = pool.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":").compactMap { Double($0) }
        #expect(thin.totalGB == poolFields[0] / Double(GiB.bytes))
        #expect(abs(thin.freeGB - thin.totalGB * (1 - poolFields[1] / 100)) < 0.001)
        #expect(thin.thinProvisioning)
    }

    @Test func recoveryRemovesLeftoversAndFinishesWhatWasCut() async throws {
        let directory = try TemporaryDirectory("ember-lvm-recovery")
        let store = try SQLStore(sqlitePath: directory.path + "/ember.sqlite")
        try await store.migrate()
        let driver = try LVMGuest.driver(.thick)
        // What a SIGKILL leaves: a create that never reached lvcreate, a delete cut before lvremove,
        // a copy cut half-way (its tmp- LV), and an LV whose row was never written.
        let creating = try await store.placedVolume(host: "h@lvm", .creating)
        let deleting = try await store.placedVolume(host: "h@lvm", .deleting)
        try await driver.createVolume(id: deleting.id, sizeGB: 1)
        let group = try #require(LVMGuest.volumeGroup)
        try await Command("lvcreate", ["-y", "-L", "1g", "-n", "tmp-volume-\(UUID().key)", group]).run()
        let orphan = UUID()
        try await driver.createVolume(id: orphan, sizeGB: 1)

        try await driver.checkSetup()
        let manager = VolumeManager(configuration: .init(host: "h@lvm"), store: store, driver: driver, logger: Logger(label: "t"))
        try await manager.recover(context: .service("test", requestID: "req-recovery"))

        #expect(try await store.volume(id: creating.id)?.status == .available)
        #expect(try await store.volume(id: deleting.id) == nil)
        #expect(try await driver.existingVolumes() == [creating.id])
        #expect(try await LVMGuest.lvs().allSatisfy { !$0.hasPrefix("tmp-") })
        try await driver.deleteVolume(id: creating.id)
    }
}

@Suite("LVM driver refusals")
struct LVMRefusalTests {
    @Test func aMissingVolumeGroupOrDeviceMapperStopsTheBackendWithOneSentence() async throws {
        let driver = try LVMDriver(configuration: .init(volumeGroup: "ember-missing-vg"))
        do {
            try await driver.checkSetup()
            Issue.record("checkSetup passed without the volume group")
        } catch let fault as Fault {
            let hasDM = ((try? String(contentsOfFile: "/proc/misc", encoding: .utf8)) ?? "").contains("device-mapper")
            let expected = hasDM ? "needs volume group ember-missing-vg, which does not exist" : "needs the kernel's device-mapper"
            #expect(fault.message.contains(expected), "\(fault.message)")
        }
        #expect(throws: Fault.self) { try LVMDriver(configuration: .init(volumeGroup: "../etc")) }
        #expect(throws: Fault.self) { try LVMDriver(configuration: .init(volumeGroup: "-rf")) }
    }
}
