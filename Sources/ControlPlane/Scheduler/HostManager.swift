package import EmberModel
package import Foundation

/// The scheduler's memory of the volume hosts' capability reports.
///
/// Reports older than `staleAfter` (by default `ServiceRecord.downAfter`, when its heartbeat also
/// counts it down) are ignored: a host that stopped reporting gets no new volumes. A report sent
/// before the one already held for its host is dropped.
package actor HostManager {
    private struct Report {
        var capabilities: HostCapabilities
        /// When this scheduler received it: what staleness is judged by.
        var receivedAt: Date
        /// When its host sent it, by the host's clock: what orders one host's reports.
        var sentAt: Date?
    }

    private var reports: [String: Report] = [:]
    private let staleAfter: TimeInterval

    package init(staleAfter: TimeInterval = ServiceRecord.downAfter) {
        self.staleAfter = staleAfter
    }

    /// Keeps `capabilities` as its host's latest, unless the report held was sent later; returns
    /// whether it was kept.
    @discardableResult
    package func record(_ capabilities: HostCapabilities, sentAt: Date? = nil, at date: Date = Date()) -> Bool {
        if let sentAt, let held = reports[capabilities.host]?.sentAt, sentAt < held { return false }
        reports[capabilities.host] = Report(capabilities: capabilities, receivedAt: date, sentAt: sentAt)
        return true
    }

    /// Fresh host states, combined with the allocation figures from the database.
    package func hostStates(allocated: [String: Int], now: Date = Date()) -> [HostState] {
        reports.values
            .filter { now.timeIntervalSince($0.receivedAt) <= staleAfter }
            .map { HostState(capabilities: $0.capabilities, allocatedGB: allocated[$0.capabilities.poolHost] ?? 0, reportedAt: $0.receivedAt) }
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
