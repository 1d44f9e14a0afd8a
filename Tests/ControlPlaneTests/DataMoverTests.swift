import DataPath
import Foundation
import TestThreads
import Testing

@testable import EmberVolume

/// The volume service's data-path work: every operation of one mover shares its backend's budget.
@Suite("Data mover", .ownThread)
struct DataMoverTests {
    @Test func concurrentCopiesOfOneMoverShareItsDeviceBudget() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ember-mover-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let size = 12 << 20
        let paths = try (0..<3).map { index in
            let source = directory.appendingPathComponent("src\(index)").path
            let destination = directory.appendingPathComponent("dst\(index)").path
            let words = (0..<size / 8).map { _ in UInt64.random(in: .min ... .max) }
            try words.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: source)) }
            FileManager.default.createFile(atPath: destination, contents: nil)
            try FileHandle(forWritingAtPath: destination)!.truncate(atOffset: UInt64(size))
            return (source, destination)
        }
        let budget = DeviceBudget(bytes: 8 << 20)
        let mover = DataMover(budget: budget)
        #expect(mover.limited(TransferOptions()).budget === budget)
        try await withThrowingTaskGroup(of: OperationReport.self) { group in
            for (source, destination) in paths { group.addTask { try await mover.copy(source, to: destination) } }
            for try await report in group { #expect(report.bytesTotal == UInt64(size)) }
        }
        for (source, destination) in paths { #expect(FileManager.default.contentsEqual(atPath: source, andPath: destination)) }
        // Three copies of 4 MiB requests in an 8 MiB budget: the budget plus one request per copy at
        // most (what `DeviceBudget` guarantees; copies starting apart reach it, see DeviceBudgetTests).
        // Unshared, each copy would keep its queue depth of requests: 16 x 4 MiB.
        #expect(budget.peakBytesInFlight > 0 && budget.peakBytesInFlight <= budget.bytes + paths.count * (4 << 20))
        #expect(budget.operations == 0 && budget.bytesInFlight == 0)
    }
}
