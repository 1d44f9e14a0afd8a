import DataPath
import Foundation
import Synchronization
import TestThreads
import Testing

@Suite("Wipe, throttle and cancellation", .ownThread)
struct WipeTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    static let mib = 1 << 20

    func isAllZero(_ path: String) throws -> Bool {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            if chunk.contains(where: { $0 != 0 }) { return false }
        }
        return true
    }

    @Test(arguments: [WipeMethod.auto, .offload, .write])
    func everyMethodLeavesAFileAllZero(_ method: WipeMethod) throws {
        let path = try scratch.file("v", size: 6 * Self.mib + 300, data: [0..<6 * Self.mib + 300])
        let report = try Wipe.run(Device(path: path, writable: true), method: method, options: TransferOptions(queueDepth: 4, blockSize: Self.mib))
        #expect(try isAllZero(path))
        #expect(try SparseFile.size(of: path) == UInt64(6 * Self.mib + 300))
        #expect(report.method == (method == .write ? "write" : "punch_hole"))
    }

    @Test(arguments: [WipeMethod.auto, .write])
    func everyMethodLeavesALoopDeviceAllZero(_ method: WipeMethod) throws {
        guard LoopDevice.available else { return }
        let loop = try LoopDevice(backing: scratch.file("v.img", size: 8 * Self.mib, data: [0..<8 * Self.mib]))
        let report = try Wipe.run(Device(path: loop.path, writable: true), method: method, options: TransferOptions(queueDepth: 4, blockSize: Self.mib))
        #expect(try isAllZero(loop.path))
        #expect(report.method == (method == .write ? "write" : "blkzeroout"))
    }

    @Test(arguments: [WipeMethod.auto, .offload, .write])
    func aLengthZeroesOnlyTheStartTailIncluded(_ method: WipeMethod) throws {
        let size = 6 * Self.mib + 300
        let length = 3 * Self.mib + 100
        let path = try scratch.file("v", size: size, data: [0..<size])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let report = try Wipe.run(
            Device(path: path, writable: true), method: method, options: TransferOptions(queueDepth: 4, blockSize: Self.mib),
            length: UInt64(length))
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(after.count == size)
        #expect(!after[..<length].contains { $0 != 0 }, "the first \(length) bytes are zero")
        #expect(after[length...] == before[length...], "the rest is untouched")
        #expect(report.bytesTotal == UInt64(length))
    }

    @Test func noneLeavesTheDataAlone() throws {
        let path = try scratch.file("v", size: Self.mib, data: [0..<Self.mib])
        let report = try Wipe.run(Device(path: path, writable: true), method: .none)
        #expect(try !isAllZero(path))
        #expect(report.bytesWritten == 0)
    }

    @Test func throttleHoldsItsRateWithinTenPercent() throws {
        let size = 48 * Self.mib
        try scratch.file("src", size: size, data: [0..<size])
        try scratch.file("dst", size: size)
        let rate: UInt64 = 32 << 20
        let report = try scratch.copy(mode: CopyMode(sparse: false), options: TransferOptions(queueDepth: 4, blockSize: Self.mib, bytesPerSecond: rate))
        let achieved = Double(report.bytesTotal) / report.seconds
        #expect(abs(achieved - Double(rate)) / Double(rate) <= 0.10, "achieved \(achieved) B/s against \(rate)")
    }

    /// A quarter of a block per second: the pace must hold across a block, where it once slept at most
    /// a second each time it counted bytes (2 s here instead of 4).
    @Test func throttleHoldsARateBelowOneBlockPerSecond() throws {
        let size = 4 * Self.mib
        try scratch.file("src", size: size, data: [0..<size])
        try scratch.file("dst", size: size)
        let rate = UInt64(Self.mib)
        let report = try scratch.copy(mode: CopyMode(sparse: false), options: TransferOptions(queueDepth: 1, blockSize: size, bytesPerSecond: rate))
        #expect(abs(report.seconds - 4) <= 0.4, "4 MiB at 1 MiB/s took \(report.seconds) s")
    }

    /// copy_file_range under a limit moves a tenth of a second's worth at a time (at least 1 MiB), not
    /// its unlimited 1 GiB, so the rate holds while it runs and not only on average.
    @Test func throttleCutsCopyFileRangeIntoSteps() throws {
        let size = 2 * Self.mib
        try scratch.file("src", size: size, data: [0..<size])
        try scratch.file("dst", size: size)
        let steps = Mutex<[UInt64]>([])
        let options = TransferOptions(
            bytesPerSecond: UInt64(Self.mib), progress: { done, _ in steps.withLock { $0.append(done) } },
            progressInterval: 1)
        let report = try scratch.copy(mode: CopyMode(allowSharing: true), options: options)
        #expect(report.method == "copy_file_range")
        #expect(steps.withLock { $0 } == [UInt64(Self.mib), UInt64(size)])
        #expect(abs(report.seconds - 2) <= 0.2, "2 MiB at 1 MiB/s took \(report.seconds) s")
    }

    /// The limit paces bytes read or written: an offload's zeroes and holes skipped unread are free, so a
    /// 1 GiB offloaded wipe or hole copy at 1 MiB/s is not held back (paced, they would take 1024 s).
    @Test func throttleLeavesOffloadsAndUnreadHolesAlone() throws {
        let size = 1024 * Self.mib
        let options = TransferOptions(bytesPerSecond: UInt64(Self.mib))
        let wiped = try Wipe.run(
            Device(path: try scratch.file("v", size: size, data: [0..<Self.mib]), writable: true),
            method: .offload, options: options)
        #expect(wiped.seconds < 0.5, "offloaded wipe took \(wiped.seconds) s")
        try scratch.file("holes", size: size)
        try scratch.file("dst", size: size)
        let copied = try scratch.copy("holes", to: "dst", options: options)
        #expect(copied.bytesSkipped == UInt64(size) && copied.seconds < 0.5, "hole copy: \(copied)")
    }

    @Test func cancellationStopsWithinOneQueueOfIO() throws {
        let size = 64 * Self.mib
        let path = try scratch.file("v", size: size)
        let flag = CancellationFlag()
        let stopAt = UInt64(8 * Self.mib)
        let options = TransferOptions(
            queueDepth: 4, blockSize: Self.mib, progress: { done, _ in if done >= stopAt { flag.cancel() } },
            progressInterval: UInt64(Self.mib), cancellation: flag)
        let error = #expect(throws: DataPathError.self) { try Wipe.run(Device(path: path, writable: true), method: .write, options: options) }
        guard case .cancelled(let done)? = error else {
            Issue.record("expected a cancellation, got \(String(describing: error))")
            return
        }
        #expect(done >= stopAt && done <= stopAt + UInt64(4 * Self.mib))
    }

    @Test func taskCancellationReachesABackgroundOperation() async throws {
        let path = try scratch.file("v", size: 256 * Self.mib)
        let flag = CancellationFlag()
        let started = Atomic<Bool>(false)
        let options = TransferOptions(
            queueDepth: 2, blockSize: Self.mib, bytesPerSecond: 16 << 20,
            progress: { _, _ in started.store(true, ordering: .relaxed) }, progressInterval: UInt64(Self.mib),
            cancellation: flag)
        let task = Task { try await Background.run(flag) { try Wipe.run(Device(path: path, writable: true), method: .write, options: options) } }
        while !started.load(ordering: .relaxed) { await Task.yield() }
        task.cancel()
        await #expect(throws: DataPathError.self) { try await task.value }
    }

    @Test func aDeviceThatFailsMidwayReportsWhereAndWhy() throws {
        guard LoopDevice.available else { return }
        // A 2 MiB filesystem holding an 8 MiB sparse file: writes fail with ENOSPC part-way through.
        let mount = try scratch.tmpfs("tiny", size: "2m")
        defer { _ = try? Tool.run("/bin/umount", [mount]) }
        let path = mount + "/v"
        FileManager.default.createFile(atPath: path, contents: nil)
        try FileHandle(forWritingTo: URL(fileURLWithPath: path)).truncate(atOffset: UInt64(8 * Self.mib))
        let error = #expect(throws: DataPathError.self) {
            try Wipe.run(Device(path: path, writable: true), method: .write, options: TransferOptions(engine: .sync, queueDepth: 2, blockSize: Self.mib))
        }
        #expect(String(describing: error).contains("space"), "\(String(describing: error))")
    }
}
