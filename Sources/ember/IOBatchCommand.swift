import ArgumentParser
import DataPath
import Foundation
import Synchronization

extension IO {
    /// `ember io batch`: several copies and wipes at once in one process, sharing one device budget as
    /// the volume service's operations on one backend do; for measuring how they share a disk.
    struct BatchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "batch", abstract: "Run copies and wipes at once, sharing one budget of requests in flight.")
        @Option(parsing: .upToNextOption, help: "SRC DST: copy SRC onto DST (repeatable).") var copy: [String] = []
        @Option(help: "A device to zero with writes (repeatable).") var wipe: [String] = []
        @Flag(inversion: .prefixedNo, help: "Copies skip holes and zero blocks when DST reads as zeroes.") var sparse = true
        @Option(help: "MiB in flight shared by all the operations (default 32, the volume service's).") var budget: Int = 32
        @Flag(help: "No shared budget: each operation keeps its own queue depth.") var noBudget = false
        @Flag(help: "Print one JSON object.") var json = false

        func validate() throws {
            if copy.count % 2 != 0 { throw ValidationError("--copy takes a source and a destination") }
            if copy.isEmpty, wipe.isEmpty { throw ValidationError("give at least one --copy or --wipe") }
            if !(1...65536).contains(budget) { throw ValidationError("--budget must be from 1 to 65536 MiB") }
        }

        func run() throws {
            try IOOutput.guarding {
                let deviceBudget = noBudget ? nil : DeviceBudget(bytes: budget << 20)
                let operations = try self.operations(deviceBudget)
                let results = Mutex([Result<OperationReport, DataPathError>?](repeating: nil, count: operations.count))
                let finished = Mutex([Double](repeating: 0, count: operations.count))
                let start = ContinuousClock.now
                let group = DispatchGroup()
                for (index, operation) in operations.enumerated() {  // a thread each: all start at once
                    group.enter()
                    Thread {
                        let result = Result { try operation() }.mapError { $0 as? DataPathError ?? .engine("\($0)") }
                        results.withLock { $0[index] = result }
                        finished.withLock { $0[index] = (ContinuousClock.now - start).seconds }
                        group.leave()
                    }.start()
                }
                group.wait()
                let reports = try results.withLock { $0 }.map { try $0!.get() }
                let batch = BatchReport(
                    operations: reports, finished: finished.withLock { $0 }, seconds: (ContinuousClock.now - start).seconds,
                    budgetBytes: deviceBudget?.bytes,
                    peakBytesInFlight: deviceBudget?.peakBytesInFlight)
                if json {
                    IOOutput.printJSON(batch)
                } else {
                    for report in reports { IOOutput.finish(report, json: false) }
                }
            }
        }

        /// Each operation, opened now so a bad path fails before any starts.
        private func operations(_ budget: DeviceBudget?) throws -> [@Sendable () throws -> OperationReport] {
            let copies = try stride(from: 0, to: copy.count, by: 2).map { index in
                let (source, destination) = (try Device(path: copy[index], writable: false), try Device(path: copy[index + 1], writable: true))
                let mode = CopyMode(sparse: sparse)
                return { @Sendable in try Copy.run(from: source, to: destination, mode: mode, options: TransferOptions(budget: budget)) }
            }
            let wipes = try wipe.map { path in
                let device = try Device(path: path, writable: true)
                var options = TransferOptions.wipeDefaults
                options.budget = budget
                return { @Sendable [options] in try Wipe.run(device, method: .write, options: options) }
            }
            return copies + wipes
        }
    }

    /// `ember io batch --json`: each operation's report and the batch's own figures.
    struct BatchReport: Encodable {
        var operations: [OperationReport]
        /// Seconds from the batch's start to each operation's end, in the order given.
        var finished: [Double]
        var seconds: Double
        var budgetBytes: Int?
        var peakBytesInFlight: Int?

        enum CodingKeys: String, CodingKey {
            case operations, finished, seconds
            case budgetBytes = "budget_bytes"
            case peakBytesInFlight = "peak_bytes_in_flight"
        }
    }
}
