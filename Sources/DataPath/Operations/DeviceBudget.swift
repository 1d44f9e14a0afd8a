import Synchronization

/// The bytes of requests one device (a volume backend's disk) may have in flight, shared fairly by
/// every wipe, copy and clone running on it.
///
/// Without it each operation keeps its own queue depth: eight copies hold eight times the buffers
/// (64 MiB each by default) and the device's queue favours whoever keeps more requests in it. With
/// it, each of the n operations running a pipeline may have `bytes / n` in flight (at least one
/// request), re-read before every new chunk, and no new chunk starts while the device's total would
/// pass `bytes`, except an operation's first (so each always moves). A newcomer gets its share as soon
/// as the others' requests complete; a finished operation's share goes back to the rest. The total in
/// flight, and with it the copies' buffer memory, stays within `bytes` plus one request per operation.
/// (Fairness needs the rest of the design too: with the total's gate but unregistered buffers and no
/// ramp-up, eight copies finished up to 3.8x apart; with all of it, 1.01-1.24x.)
public final class DeviceBudget: Sendable {
    public let bytes: Int
    private let sharers = Atomic<Int>(0)
    private let inFlight = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)

    public init(bytes: Int) {
        precondition(bytes > 0, "a device budget must be positive")
        self.bytes = bytes
    }

    /// How many operations hold a share now.
    public var operations: Int { sharers.load(ordering: .relaxed) }
    /// Bytes of requests in flight on the device now.
    public var bytesInFlight: Int { inFlight.load(ordering: .relaxed) }
    /// The most bytes that were in flight at once since the budget was made.
    public var peakBytesInFlight: Int { peak.load(ordering: .relaxed) }

    /// Takes a share for one operation; it must call `Share.leave()` once when its requests are done.
    func join() -> Share {
        sharers.add(1, ordering: .relaxed)
        return Share(budget: self)
    }

    /// One operation's part of a budget.
    struct Share {
        let budget: DeviceBudget

        /// Requests of `requestBytes` this operation may have in flight now: its part of the budget,
        /// at least one.
        func requests(of requestBytes: Int) -> Int {
            let sharers = max(budget.sharers.load(ordering: .relaxed), 1)
            return max(1, budget.bytes / sharers / max(requestBytes, 1))
        }

        /// Whether a new chunk of `length` bytes may start now, with `own` of this operation's in
        /// flight: an operation's first always may (so each moves); others wait while the device's
        /// total would pass the budget (a share that shrank drains first).
        func admits(_ length: Int, own: Int) -> Bool {
            own == 0 || budget.inFlight.load(ordering: .relaxed) + length <= budget.bytes
        }

        func started(_ length: Int) {
            let now = budget.inFlight.add(length, ordering: .relaxed).newValue
            budget.peak.max(now, ordering: .relaxed)
        }

        func finished(_ length: Int) { budget.inFlight.subtract(length, ordering: .relaxed) }

        func leave() { budget.sharers.subtract(1, ordering: .relaxed) }
    }
}
