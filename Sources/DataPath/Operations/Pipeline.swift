/// A range of a device handled as one request.
struct Chunk: Equatable {
    var offset: UInt64
    var length: Int
}

/// Keeps up to `queueDepth` chunks in flight through an engine, each chunk in its own slot
/// (numbered from 1, so slot i may own data buffer i), and lets the operation decide each chunk's
/// next request.
///
/// Memory is bounded by the slots; on cancellation no new chunk starts and the ones in flight drain;
/// the first failed request stops new work and is thrown once in-flight requests have drained.
/// Under a `DeviceBudget` fewer chunks may be in flight: the operation's share, reached from one chunk
/// by one more per chunk done (operations starting together would otherwise each take the share they
/// saw before the others joined), and none new while the device's total is at the budget; the
/// lowest-numbered free slot is always taken next, so a shrunken share leaves the high slots idle and
/// `release` hands their buffers back.
struct Pipeline {
    let engine: any IOEngine
    let meter: TransferMeter
    let path: (IORequest) -> String
    /// Called with a slot that is free and above the operation's share of the budget.
    var release: (Int) -> Void = { _ in }

    /// `start` makes a chunk's first request in a slot; `next` is called when a request of that
    /// chunk completes in full and returns the follow-up, or nil when the chunk is done.
    func run(
        _ chunks: some Sequence<Chunk>,
        start: (Chunk, Int) -> IORequest,
        next: (Chunk, Int, IORequest.Direction) -> IORequest?
    ) throws {
        var iterator = chunks.makeIterator()
        var free = Array((1...engine.queueDepth).reversed())  // descending: the lowest free slot is last
        var inFlight: [Int: (chunk: Chunk, request: IORequest)] = [:]
        let share = meter.options.budget?.join()
        var window = share == nil ? engine.queueDepth : 1
        defer {  // an engine's error leaves requests behind: their bytes go back with the share
            for entry in inFlight.values { share?.finished(entry.request.length) }
            share?.leave()
        }
        var failure: DataPathError?
        var exhausted = false
        while true {
            let allowed = min(engine.queueDepth, window, share?.requests(of: meter.options.blockSize) ?? .max)
            while failure == nil, !exhausted, !meter.isCancelled, inFlight.count < allowed,
                share?.admits(meter.options.blockSize, own: inFlight.count) ?? true, let slot = free.last
            {
                guard let chunk = iterator.next() else {
                    exhausted = true
                    break
                }
                free.removeLast()
                try submit(start(chunk, slot), chunk: chunk, slot: slot, share: share, into: &inFlight)
            }
            if inFlight.isEmpty { break }
            for completion in try engine.submitAndReap(minimum: 1) {
                let slot = Int(completion.tag)
                guard let (chunk, request) = inFlight.removeValue(forKey: slot) else { continue }
                share?.finished(request.length)
                if let error = check(completion, request) {
                    failure = failure ?? error
                } else if failure == nil, !meter.isCancelled, let follow = next(chunk, slot, request.direction) {
                    try submit(follow, chunk: chunk, slot: slot, share: share, into: &inFlight)
                    continue
                }
                free.insert(slot, at: free.firstIndex { $0 < slot } ?? free.endIndex)
                window += 1
                if slot > allowed { release(slot) }
            }
        }
        if let failure { throw failure }
        if meter.isCancelled { throw DataPathError.cancelled(bytesDone: meter.done) }
    }

    private func submit(
        _ request: IORequest, chunk: Chunk, slot: Int, share: DeviceBudget.Share?, into inFlight: inout [Int: (chunk: Chunk, request: IORequest)]
    ) throws {
        var request = request
        request.tag = UInt64(slot)
        try engine.enqueue(request)
        inFlight[slot] = (chunk, request)
        share?.started(request.length)
    }

    private func check(_ completion: IOCompletion, _ request: IORequest) -> DataPathError? {
        let operation = request.direction == .read ? "read" : "write"
        if completion.result < 0 {
            return .io(operation: operation, path: path(request), offset: request.offset, errno: Int32(-completion.result))
        }
        if completion.result != request.length {
            return .shortTransfer(operation: operation, path: path(request), offset: request.offset, expected: request.length, got: completion.result)
        }
        return nil
    }

    /// `range` cut into chunks of at most `blockSize` bytes.
    static func chunks(_ range: Range<UInt64>, blockSize: Int) -> some Sequence<Chunk> {
        stride(from: range.lowerBound, to: range.upperBound, by: blockSize).lazy.map { offset in
            Chunk(offset: offset, length: Int(min(UInt64(blockSize), range.upperBound - offset)))
        }
    }
}
