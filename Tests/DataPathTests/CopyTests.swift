import DataPath
import Foundation
import TestThreads
import Testing

@Suite("Copy and clone on real files and loop devices", .ownThread)
struct CopyTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    static let small = TransferOptions(queueDepth: 4, blockSize: 1 << 20)

    @Test(arguments: IOEngineKind.allCases)
    func randomDataCopiesByteIdentically(_ engine: IOEngineKind) throws {
        let size = 9 << 20 + 4096 * 3 + 100  // not a multiple of the block size: the tail goes too
        try scratch.file("src", size: size, data: [0..<size])
        try scratch.file("dst", size: size)
        var options = Self.small
        options.engine = engine
        options.verify = true
        let report = try scratch.copy(mode: CopyMode(sparse: false), options: options)
        #expect(try scratch.contents("dst") == scratch.contents("src"))
        #expect(report.engine == engine.rawValue && report.verified && report.bytesWritten == UInt64(size))
    }

    @Test(arguments: IOEngineKind.allCases)
    func loopDevicesCopyByteIdentically(_ engine: IOEngineKind) throws {
        guard LoopDevice.available else { return }
        let size = 16 << 20
        let source = try LoopDevice(backing: scratch.file("src.img", size: size, data: [0..<size]))
        let destination = try LoopDevice(backing: scratch.file("dst.img", size: size))
        var options = Self.small
        options.engine = engine
        let report = try Copy.run(
            from: Device(path: source.path, writable: false), to: Device(path: destination.path, writable: true),
            mode: CopyMode(sparse: false), options: options)
        #expect(report.directIO)
        #expect(
            try Checksum.of(Device(path: destination.path, writable: false), length: UInt64(size))
                == Checksum.of(Device(path: source.path, writable: false), length: UInt64(size)))
    }

    struct Pattern: Sendable, CustomTestStringConvertible {
        var name: String
        var size: Int
        var data: [Range<Int>]
        var testDescription: String { name }
    }

    static let mib = 1 << 20
    static let patterns = [
        Pattern(name: "leading hole", size: 8 * mib, data: [3 * mib..<8 * mib]),
        Pattern(name: "trailing hole", size: 8 * mib, data: [0..<2 * mib]),
        Pattern(name: "alternating 1 MiB", size: 8 * mib, data: stride(from: 0, to: 8 * mib, by: 2 * mib).map { $0..<$0 + mib }),
        Pattern(name: "unaligned tail", size: 5 * mib + 777, data: [mib..<2 * mib, 5 * mib..<5 * mib + 777]),
        Pattern(name: "all hole", size: 4 * mib, data: []),
    ]

    @Test(arguments: patterns)
    func sparsePatternsCopyIdenticallyAndSkipTheHoles(_ pattern: Pattern) throws {
        try scratch.file("src", size: pattern.size, data: pattern.data)
        try scratch.file("dst", size: pattern.size)
        let report = try scratch.copy(options: Self.small)
        #expect(try scratch.contents("dst") == scratch.contents("src"))
        let dataBytes = UInt64(pattern.data.reduce(0) { $0 + $1.count })
        #expect(report.method == "pipelined_sparse")
        #expect(report.bytesSkipped == UInt64(pattern.size) - dataBytes)
        #expect(report.bytesWritten == dataBytes)
        #expect(try SparseFile.allocatedBytes(of: scratch.path("dst")) <= dataBytes + UInt64(pattern.data.count) * 8192)
    }

    @Test func zeroesWrittenInsideABlockAreLeftUnwrittenByTheGranule() throws {
        let mib = Self.mib
        let kib = 1 << 10
        let size = 8 * mib
        // Written zeroes, so the file has no holes: only the data read tells what is zero. The 4 KiB
        // run is smaller than the 64 KiB granule and is written; the others are not.
        let zeroes = [256 * kib..<512 * kib, mib..<3 * mib, 5 * mib + 64 * kib..<5 * mib + 128 * kib, 7 * mib..<7 * mib + 4 * kib]
        try scratch.file("src", size: size, data: [0..<size], zeroes: zeroes)
        try scratch.file("dst", size: size)
        #expect(try SparseFile.allocatedBytes(of: scratch.path("src")) >= UInt64(size))
        let report = try scratch.copy(options: TransferOptions(queueDepth: 4, blockSize: 4 * mib))
        #expect(try scratch.contents("dst") == scratch.contents("src"))
        let skipped = UInt64(256 * kib + 2 * mib + 64 * kib)
        #expect(report.bytesSkipped == skipped && report.bytesWritten == UInt64(size) - skipped)
        // Slack for the filesystem's own blocks: a data run split into several extents needs an extent
        // tree block (seen once under load, with every suite running).
        #expect(try SparseFile.allocatedBytes(of: scratch.path("dst")) <= UInt64(size) - skipped + 32 * 1024)
    }

    @Test func aLoopDeviceOverASparseFileHasItsHolesSkippedUnread() throws {
        guard LoopDevice.available else { return }
        let mib = Self.mib
        // The loop starts 1 MiB into its backing file, so the map must be shifted by the loop's offset:
        // the data before it is not the device's, and a wrong shift would skip real data.
        let backing = try scratch.file("src.img", size: 9 * mib, data: [0..<mib, 2 * mib..<3 * mib, 6 * mib..<7 * mib + 4096])
        let source = try LoopDevice(backing: backing, offset: mib)
        try scratch.file("dst", size: 8 * mib)
        let device = try Device(path: source.path, writable: false)
        #expect(device.capabilities.sparseMap)
        let before = try source.bytesRead()
        let report = try Copy.run(from: device, to: Device(path: scratch.path("dst"), writable: true), options: Self.small)
        let read = try source.bytesRead() - before
        #expect(try scratch.contents("dst") == scratch.contents("src.img")[mib...])
        let dataBytes = UInt64(2 * mib + 4096)
        #expect(report.bytesWritten == dataBytes && report.bytesSkipped == UInt64(8 * mib) - dataBytes)
        #expect(read == dataBytes, "only the data extents were read through the loop device")
    }

    @Test func aDestinationWithDataIsWrittenInFullWithoutAnOffload() throws {
        let size = 4 * Self.mib
        try scratch.file("src", size: size, data: [0..<Self.mib])
        try scratch.file("dst", size: size, data: [0..<size], seed: 7)
        let report = try scratch.copy(mode: CopyMode(sparse: false), options: Self.small)
        #expect(try scratch.contents("dst") == scratch.contents("src"))
        #expect(report.bytesWritten == UInt64(size) && report.method == "pipelined")
    }

    @Test func sparseCopyZeroesAnUsedDestinationByOffloadFirst() throws {
        let size = 4 * Self.mib
        try scratch.file("src", size: size, data: [0..<Self.mib])
        try scratch.file("dst", size: size, data: [0..<size], seed: 7)
        let report = try scratch.copy(options: Self.small)
        #expect(try scratch.contents("dst") == scratch.contents("src"))
        #expect(report.bytesWritten == UInt64(Self.mib))
    }

    @Test(arguments: 0..<12)
    func randomExtentMapsCopyExactly(_ seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed) &* 7919)
        let size = Int.random(in: 1...(12 * Self.mib), using: &random)
        var data: [Range<Int>] = []
        var offset = 0
        while offset < size {
            let length = Int.random(in: 1...(2 * Self.mib), using: &random)
            if Bool.random(using: &random) { data.append(offset..<min(size, offset + length)) }
            offset += length
        }
        try scratch.file("src", size: size, data: data, seed: UInt64(seed))
        try scratch.file("dst", size: size)
        var options = Self.small
        options.verify = true
        let report = try scratch.copy(options: options)
        #expect(try scratch.contents("dst") == scratch.contents("src"), "seed \(seed)")
        #expect(report.bytesWritten + report.bytesSkipped == UInt64(size))
        #expect(report.bytesWritten >= UInt64(data.reduce(0) { $0 + $1.count }))
    }

    @Test func aFilesystemUnmountsRightAfterACopyOnIt() throws {
        guard LoopDevice.available else { return }  // root, to mount
        // io_uring tears a ring down in the background after close, holding its registered files until
        // then: without unregistering them first, this umount failed with "target is busy" every time.
        let mount = try scratch.tmpfs("fs", size: "16m")
        defer { _ = try? Tool.run("/bin/umount", ["--lazy", mount]) }  // only if the umount under test failed
        try scratch.file("fs/src", size: 4 * Self.mib, data: [0..<4 * Self.mib])
        try scratch.file("fs/dst", size: 4 * Self.mib)
        do {
            var options = Self.small
            options.engine = .uring
            let report = try scratch.copy("fs/src", to: "fs/dst", mode: CopyMode(sparse: false), options: options)
            #expect(report.bytesWritten == UInt64(4 * Self.mib))
        }
        #expect(throws: Never.self) { try Tool.run("/bin/umount", [mount]) }
    }

    @Test func refusals() throws {
        try scratch.file("big", size: 2 * Self.mib, data: [0..<4096])
        try scratch.file("small", size: Self.mib)
        #expect(throws: DataPathError.destinationTooSmall(source: UInt64(2 * Self.mib), destination: UInt64(Self.mib))) {
            try scratch.copy("big", to: "small")
        }
        #expect(throws: DataPathError.open(path: scratch.path("missing"), errno: ENOENT)) {
            try Device(path: scratch.path("missing"), writable: false)
        }
    }

    @Test func filesSmallerThanOneBlockCopy() throws {
        try scratch.file("src", size: 100, data: [0..<100])
        try scratch.file("dst", size: 100)
        let report = try scratch.copy(options: Self.small)
        #expect(try scratch.contents("dst") == scratch.contents("src"))
        #expect(report.bytesWritten == 100)
    }

    @Test func readOnlyDestinationIsRefused() throws {
        guard LoopDevice.available else { return }
        let readOnly = try LoopDevice(backing: scratch.file("ro.img", size: Self.mib), readOnly: true)
        #expect(throws: DataPathError.open(path: readOnly.path, errno: EROFS)) { try Device(path: readOnly.path, writable: true) }
    }

    @Test func cloneReflinksOrCopies() throws {
        try scratch.file("src", size: 3 * Self.mib, data: [0..<3 * Self.mib])
        try scratch.file("dst", size: 3 * Self.mib)
        let report = try Clone.run(
            from: Device(path: scratch.path("src"), writable: false),
            to: Device(path: scratch.path("dst"), writable: true), options: Self.small)
        #expect(try scratch.contents("dst") == scratch.contents("src"))
        #expect(["reflink", "pipelined_sparse"].contains(report.method))
    }
}
