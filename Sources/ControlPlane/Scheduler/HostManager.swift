package import EmberModel
package import Foundation

/// The scheduler's memory of the volume hosts' capability reports.
///
/// Reports older than `staleAfter` (by default `ServiceRecord.downAfter`, when its heartbeat also
/// counts it down) are ignored: a host that stopped reporting gets no new volumes.
package actor HostManager {
    private var reports: [String: (HostCapabilities, Date)] = [:]
    private let staleAfter: TimeInterval

    package init(staleAfter: TimeInterval = ServiceRecord.downAfter) {
        self.staleAfter = staleAfter
    }

    package func record(_ capabilities: HostCapabilities, at date: Date = Date()) {
        reports[capabilities.host] = (capabilities, date)
    }

    /// Fresh host states, combined with the allocation figures from the database.
    package func hostStates(allocated: [String: Int], now: Date = Date()) -> [HostState] {
        reports.values
            .filter { now.timeIntervalSince($0.1) <= staleAfter }
            .map { HostState(capabilities: $0.0, allocatedGB: allocated[$0.0.poolHost] ?? 0, reportedAt: $0.1) }
            .sorted { $0.host < $1.host }
    }

    package var knowsAnyHost: Bool { !reports.isEmpty }

    /// Waits, at start-up, until a host has reported, `timeout` has passed or the task is cancelled;
    /// returns whether a host has reported.
    package func waitForFirstReport(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while reports.isEmpty, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !reports.isEmpty
    }
}
