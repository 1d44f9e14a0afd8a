import Foundation
import Synchronization
import TestThreads
import Testing

@testable import DataPath

@Suite("A device budget shares requests in flight among operations", .ownThread)
struct DeviceBudgetTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    static let mib = 1 << 20

    @Test func eachOperationsShareIsTheBudgetDividedAmongThem() {
        let budget = DeviceBudget(bytes: 32 * Self.mib)
        let first = budget.join()
        #expect(first.requests(of: Self.mib) == 32 && first.requests(of: 4 * Self.mib) == 8)
        let others = (0..<3).map { _ in budget.join() }
        #expect(budget.operations == 4 && first.requests(of: Self.mib) == 8)
        let crowd = (0..<60).map { _ in budget.join() }
        #expect(first.requests(of: Self.mib) == 1, "every operation keeps one request")
        for share in crowd + others { share.leave() }
        #expect(budget.operations == 1 && first.requests(of: Self.mib) == 32)
        first.leave()
        #expect(budget.operations == 0)
    }

    @Test func bytesInFlightAndTheirPeakAreCountedAcrossOperations() {
        let budget = DeviceBudget(bytes: 4 * Self.mib)
        let (one, two) = (budget.join(), budget.join())
        for _ in 0..<3 { one.started(Self.mib) }
        two.started(2 * Self.mib)
        one.finished(Self.mib)
        #expect(budget.bytesInFlight == 4 * Self.mib && budget.peakBytesInFlight == 5 * Self.mib)
        for _ in 0..<2 { one.finished(Self.mib) }
        two.finished(2 * Self.mib)
        #expect(budget.bytesInFlight == 0 && budget.peakBytesInFlight == 5 * Self.mib)
        one.leave()
        two.leave()
    }

    /// Operations that start apart: each newcomer's first request goes in at once (so it never waits
    /// with nothing in flight to wake it), the earlier ones drain to their shrunken shares, and the total
    /// stays within the budget plus one request per operation, the bound the documentation gives.
    @Test func newcomersFirstRequestsPassTheBudgetByAtMostOneRequestEach() {
        let request = 4 * Self.mib
        let budget = DeviceBudget(bytes: 8 * Self.mib)
        let first = budget.join()
        for own in 0..<2 {
            #expect(first.admits(request, own: own))
            first.started(request)
        }
        #expect(!first.admits(request, own: 2), "the budget is full")
        let (second, third) = (budget.join(), budget.join())
        #expect(second.admits(request, own: 0))
        second.started(request)
        #expect(third.admits(request, own: 0))
        third.started(request)
        #expect(budget.peakBytesInFlight == budget.bytes + 2 * request)
        #expect(first.requests(of: request) == 1 && !first.admits(request, own: 1), "the first drains to its share")
        first.finished(request)
        #expect(!second.admits(request, own: 1) && budget.bytesInFlight == 3 * request)
        for share in [first, second, third] {
            share.finished(request)
            share.leave()
        }
        #expect(budget.bytesInFlight == 0 && budget.peakBytesInFlight <= budget.bytes + 3 * request)
    }

    @Test func aCopySharingTheDeviceKeepsToItsShareAndCopiesIdentically() throws {
        let size = 24 * Self.mib
        try scratch.file("src", size: size, data: [0..<size])
        try scratch.file("dst", size: size)
        let budget = DeviceBudget(bytes: 4 * Self.mib)
        let other = budget.join()  // an operation that holds half the budget and nothing in flight
        let options = TransferOptions(queueDepth: 16, blockSize: Self.mib, budget: budget)
        let report = try scratch.copy(mode: CopyMode(sparse: false), options: options)
        other.leave()
        #expect(try scratch.contents("dst") == scratch.contents("src"))
        #expect(report.bytesWritten == UInt64(size))
        #expect(budget.peakBytesInFlight >= Self.mib && budget.peakBytesInFlight <= 2 * Self.mib)
        #expect(budget.operations == 0 && budget.bytesInFlight == 0)
    }

    @Test func concurrentCopiesStayWithinTheBudgetAndEachCopiesIdentically() throws {
        let size = 32 * Self.mib
        let budget = DeviceBudget(bytes: 4 * Self.mib)
        let pairs = try (0..<4).map { index in
            (try scratch.file("src\(index)", size: size, data: [0..<size], seed: UInt64(index + 1)), try scratch.file("dst\(index)", size: size))
        }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: pairs.count) { index in
            let options = TransferOptions(queueDepth: 16, blockSize: Self.mib, budget: budget)
            do {
                _ = try Copy.run(
                    from: Device(path: pairs[index].0, writable: false), to: Device(path: pairs[index].1, writable: true),
                    mode: CopyMode(sparse: false), options: options)
            } catch { failures.withLock { $0.append("\(error)") } }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        for (source, destination) in pairs {
            #expect(FileManager.default.contentsEqual(atPath: source, andPath: destination))
        }
        // No new chunk while the device's total would pass the budget, except an operation's first: at
        // most one request over it for each operation.
        #expect(budget.peakBytesInFlight <= 4 * Self.mib + pairs.count * Self.mib)
        #expect(budget.operations == 0 && budget.bytesInFlight == 0)
    }

    @Test func aCancelledCopyGivesItsShareBack() throws {
        let size = 32 * Self.mib
        try scratch.file("src", size: size, data: [0..<size])
        try scratch.file("dst", size: size)
        let budget = DeviceBudget(bytes: 8 * Self.mib)
        let cancellation = CancellationFlag()
        let options = TransferOptions(
            queueDepth: 8, blockSize: Self.mib, budget: budget, progress: { done, _ in if done >= 4 * Self.mib { cancellation.cancel() } },
            progressInterval: UInt64(Self.mib), cancellation: cancellation)
        #expect(throws: DataPathError.self) { try scratch.copy(mode: CopyMode(sparse: false), options: options) }
        #expect(budget.operations == 0 && budget.bytesInFlight == 0)
    }

    @Test func anOnDemandPoolHandsABufferBackAndAPinnedOneKeepsIt() throws {
        for residency in [BufferPool.Residency.onDemand, .pinned] {
            let pool = try BufferPool(count: 2, bufferSize: 64 << 10, residency: residency)
            memset(pool.buffer(1), 0xAB, pool.bufferSize)
            pool.release(1)
            let first = pool.buffer(1).load(as: UInt8.self)
            #expect(first == (residency == .onDemand ? 0 : 0xAB))
        }
    }
}
