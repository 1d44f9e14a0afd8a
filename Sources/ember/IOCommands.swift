public import ArgumentParser
import DataPath
import Foundation

/// `ember io`: the data path's operations on any file or block device, the same code the volume
/// service runs. One JSON object on stdout with --json; a progress bar on a terminal otherwise.
struct IO: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "io", abstract: "Probe, wipe, copy and clone files and block devices.",
        subcommands: [Probe.self, WipeCommand.self, CopyCommand.self, CloneCommand.self, BatchCommand.self])

    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "probe", abstract: "Show what the data path sees of a path.")
        @Argument(help: "A regular file or a block device.") var path: String
        @Flag(help: "Print one JSON object.") var json = false

        func run() throws {
            try IOOutput.guarding {
                let device = try Device(path: path, writable: false)
                let report = ProbeReport(device)
                if json { IOOutput.printJSON(report) } else { print(report.text) }
            }
        }
    }

    struct WipeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "wipe", abstract: "Zero a whole file or block device.")
        @Argument(help: "The file or block device to zero.") var path: String
        @Option(help: "auto, offload, write or none.") var method: WipeMethod = .auto
        @OptionGroup var tuning: Tuning

        func run() throws {
            try IOOutput.guarding {
                let device = try Device(path: path, writable: true)
                IOOutput.finish(try Wipe.run(device, method: method, options: tuning.options(.wipeDefaults)), json: tuning.json)
            }
        }
    }

    struct CopyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "copy", abstract: "Copy SRC onto DST (which must be at least as large).")
        @Argument var source: String
        @Argument var destination: String
        @Flag(inversion: .prefixedNo, help: "Skip holes and zero blocks when DST reads as zeroes.") var sparse = true
        @Flag(help: "Allow copy_file_range between files on one filesystem (may share extents).") var share = false
        @Flag(help: "Checksum source and destination afterwards.") var verify = false
        @OptionGroup var tuning: Tuning

        func run() throws {
            try IOOutput.guarding {
                var options = tuning.options()
                options.verify = verify
                let report = try Copy.run(
                    from: Device(path: source, writable: false), to: Device(path: destination, writable: true),
                    mode: CopyMode(sparse: sparse, allowSharing: share), options: options)
                IOOutput.finish(report, json: tuning.json)
            }
        }
    }

    struct CloneCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clone", abstract: "Reflink SRC onto DST where possible, else copy.")
        @Argument var source: String
        @Argument var destination: String
        @OptionGroup var tuning: Tuning

        func run() throws {
            try IOOutput.guarding {
                let report = try Clone.run(
                    from: Device(path: source, writable: false), to: Device(path: destination, writable: true), options: tuning.options())
                IOOutput.finish(report, json: tuning.json)
            }
        }
    }
}

/// Options every moving operation takes.
struct Tuning: ParsableArguments {
    @Option(help: "uring, aio or sync (default: the best the kernel offers).") var engine: IOEngineKind?
    @Option(help: "Requests in flight (default 16; 32 for wipe).") var queueDepth: Int?
    @Option(help: "Bytes per request, a multiple of 4096 (default 4 MiB; 1 MiB for wipe).") var blockSize: Int?
    @Option(help: "Rate limit in bytes per second.") var bps: UInt64?
    @Flag(help: "Print one JSON report object.") var json = false

    func validate() throws {
        if let queueDepth, !(1...1024).contains(queueDepth) { throw ValidationError("--queue-depth must be from 1 to 1024") }
        if let blockSize, blockSize < 4096 || blockSize % 4096 != 0 || blockSize > 64 << 20 {
            throw ValidationError("--block-size must be a multiple of 4096 from 4096 to 64 MiB")
        }
        if let bps, bps == 0 { throw ValidationError("--bps must be positive") }
    }

    /// `defaults` with what the command line sets.
    func options(_ defaults: TransferOptions = TransferOptions()) -> TransferOptions {
        var options = defaults
        options.engine = engine
        options.bytesPerSecond = bps
        if let queueDepth { options.queueDepth = queueDepth }
        if let blockSize { options.blockSize = blockSize }
        if !json, isatty(STDERR_FILENO) != 0 {
            let bar = ProgressBar()
            options.progress = { done, total in bar.show(done, total) }
        }
        return options
    }
}

extension IOEngineKind: ExpressibleByArgument {}
extension WipeMethod: ExpressibleByArgument {}

/// A one-line progress bar on standard error.
final class ProgressBar: Sendable {
    let start = Date()

    func show(_ done: UInt64, _ total: UInt64) {
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let filled = Int(fraction * 30)
        let rate = Double(done) / max(Date().timeIntervalSince(start), 0.001) / 1e6
        let line =
            "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
            + "] \(Int(fraction * 100))% \(Int(rate)) MB/s" + (done >= total ? "\n" : "")
        FileHandle.standardError.write(Data(line.utf8))
    }
}

enum IOOutput {
    /// Runs `body`; a data-path error becomes one line on stderr and exit status 1.
    static func guarding(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DataPathError {
            FileHandle.standardError.write(Data("ember io: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func finish(_ report: OperationReport, json: Bool) {
        if json {
            printJSON(report)
            return
        }
        let rate = String(format: "%.0f", report.megabytesPerSecond)
        print(
            "\(report.operation) by \(report.method)\(report.engine.map { " (\($0))" } ?? ""): \(report.bytesTotal) bytes, "
                + "\(report.bytesWritten) written, \(report.bytesSkipped) skipped, \(String(format: "%.3f", report.seconds)) s, \(rate) MB/s"
                + (report.verified ? ", verified" : ""))
    }

    static func printJSON(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self))
    }
}

/// `ember io probe`'s answer.
struct ProbeReport: Encodable {
    var path: String
    var kind: Device.Kind
    var size: UInt64
    var logicalBlockSize: Int
    var physicalBlockSize: Int
    var directIO: Bool
    var directIOFallback: String?
    var capabilities: DeviceCapabilities
    var engine: IOEngineKind

    init(_ device: Device) {
        path = device.path
        kind = device.kind
        size = device.size
        logicalBlockSize = device.logicalBlockSize
        physicalBlockSize = device.physicalBlockSize
        directIO = device.directIO
        directIOFallback = device.directIOFallback
        capabilities = device.capabilities
        engine = IOEngines.best()
    }

    var text: String {
        """
        \(path): \(kind.rawValue), \(size) bytes, logical block \(logicalBlockSize), physical block \(physicalBlockSize)
        direct I/O: \(directIO ? "yes" : "no (\(directIOFallback ?? ""))"); engine: \(engine.rawValue)
        zero offload: \(capabilities.zeroOffload), discard: \(capabilities.discard) (zeroes: \(capabilities.discardZeroes)), reflink: \(capabilities.reflink), sparse map: \(capabilities.sparseMap)
        """
    }
}
