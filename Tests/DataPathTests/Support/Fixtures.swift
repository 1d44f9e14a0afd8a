import DataPath
import Foundation
import Testing

/// Files with known content for data-path tests, in a fresh directory under /var/tmp (a real disk
/// filesystem: /tmp may be a tmpfs, which refuses O_DIRECT), removed when the test is done.
final class Scratch {
    let directory: String

    init() throws {
        directory = "/var/tmp/ember-datapath-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func path(_ name: String) -> String { directory + "/" + name }

    /// A file of `size` bytes whose `data` ranges hold seeded random bytes, its `zeroes` ranges zero
    /// bytes written (allocated, unlike holes), and the rest are holes.
    @discardableResult
    func file(_ name: String, size: Int, data: [Range<Int>] = [], zeroes: [Range<Int>] = [], seed: UInt64 = 42) throws -> String {
        let path = path(name)
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(size))
        var generator = SeededGenerator(seed: seed)
        for range in data {
            try handle.seek(toOffset: UInt64(range.lowerBound))
            handle.write(randomBytes(range.count, using: &generator))
        }
        for range in zeroes {
            try handle.seek(toOffset: UInt64(range.lowerBound))
            handle.write(Data(count: range.count))
        }
        return path
    }

    /// Random bytes, none of them zero (so no block of them reads as a hole), made a word at a time.
    private func randomBytes(_ count: Int, using generator: inout SeededGenerator) -> Data {
        var words = [UInt64](repeating: 0, count: (count + 7) / 8)
        for index in words.indices { words[index] = generator.next() | 0x0101_0101_0101_0101 }
        return words.withUnsafeBytes { Data($0.prefix(count)) }
    }

    /// A tmpfs of `size` (as mount's size option, "2m") mounted at `name`, for a filesystem the test
    /// controls; the caller unmounts it. Needs root.
    @discardableResult
    func tmpfs(_ name: String, size: String) throws -> String {
        let mount = path(name)
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        try Tool.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", mount])
        return mount
    }

    /// Copies scratch file `source` onto `destination` through the data path: the call most tests make.
    @discardableResult
    func copy(
        _ source: String = "src", to destination: String = "dst", mode: CopyMode = CopyMode(),
        options: TransferOptions = TransferOptions()
    ) throws -> OperationReport {
        try Copy.run(
            from: Device(path: path(source), writable: false), to: Device(path: path(destination), writable: true),
            mode: mode, options: options)
    }

    func contents(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }
}

/// A reproducible random sequence (splitmix64), so a failing property can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A loop device over a file, detached when released. Needs root; without it the test is skipped
/// locally and fails under CI=true, as the design asks of tests that need a missing service.
final class LoopDevice {
    let path: String

    init(backing: String, readOnly: Bool = false, offset: Int = 0) throws {
        var arguments = ["--direct-io=on", "--find", "--show", "--offset", String(offset), backing]
        if readOnly { arguments.insert("--read-only", at: 0) }
        path = try Self.losetup(arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Bytes read through the device so far (its sectors-read counter in sysfs).
    func bytesRead() throws -> UInt64 {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let fields = try String(contentsOfFile: "/sys/block/\(name)/stat", encoding: .utf8).split(separator: " ")
        return try #require(UInt64(fields[2])) * 512
    }

    deinit { _ = try? Self.losetup(["--detach", path]) }

    static var available: Bool {
        let usable = getuid() == 0 && FileManager.default.fileExists(atPath: "/dev/loop-control")
        if !usable, ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("loop devices are needed under CI: run as root on a kernel with loop support")
        }
        return usable
    }

    @discardableResult
    static func losetup(_ arguments: [String]) throws -> String {
        try Tool.run("/sbin/losetup", arguments)
    }
}

/// Runs a system tool the tests need (losetup, mount), without a shell.
enum Tool {
    /// The tool's standard output; throws when it exits non-zero.
    @discardableResult
    static func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw DataPathError.engine("\(path) \(arguments) failed") }
        return text
    }
}
