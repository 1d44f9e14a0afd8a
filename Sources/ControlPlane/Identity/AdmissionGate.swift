import EmberModel
import Synchronization

/// Lets at most `slots` callers run at once and `queueLimit` more wait; past that a caller is turned
/// away at once (too many requests) with `Retry-After`. Password checks go through one, so a flood of logins
/// (each scrypt check holds 16 MiB and a core for tens of milliseconds) queues behind a bound instead
/// of taking every core from the API.
package final class AdmissionGate: Sendable {
    package let slots: Int
    package let queueLimit: Int
    private let state = Mutex<(running: Int, waiting: [CheckedContinuation<Void, Never>])>((0, []))

    package init(slots: Int, queueLimit: Int) {
        self.slots = max(1, slots)
        self.queueLimit = max(0, queueLimit)
    }

    package func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await enter()
        defer { leave() }
        return try await body()
    }

    /// Callers running and waiting now.
    package var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waiting.count) } }

    private func enter() async throws {
        enum Admission { case now, queued, refused }
        let admission: Admission = state.withLock { state in
            if state.running < slots {
                state.running += 1
                return .now
            }
            return state.waiting.count < queueLimit ? .queued : .refused
        }
        switch admission {
        case .now: return
        case .refused: throw Fault(.tooManyRequests, "Too many logins are being checked; try again shortly.", retryAfter: 1)
        case .queued:
            await withCheckedContinuation { continuation in
                let admitted: Bool = state.withLock { state in
                    // A slot may have come free between the two locks.
                    if state.running < slots {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(continuation)
                    return false
                }
                if admitted { continuation.resume() }
            }
        }
    }

    /// Hands the slot to the first waiter, if any (it stays counted as running).
    private func leave() {
        let next: CheckedContinuation<Void, Never>? = state.withLock { state in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
