package import EmberModel

/// Filters and orders hosts for a request: the pure part of scheduling, with no I/O.
package struct HostSelector: Sendable {
    package var filters: [any HostFilter]
    package var weighers: [any HostWeigher]

    package init(
        filters: [any HostFilter] = [SourceHostFilter(), AvailabilityZoneFilter(), CapabilitiesFilter(), CapacityFilter()],
        weighers: [any HostWeigher] = [CapacityWeigher()]
    ) {
        self.filters = filters
        self.weighers = weighers
    }

    /// Whether `host` passes every filter.
    package func admits(_ host: HostState, for request: PlacementRequest) -> Bool {
        filters.allSatisfy { $0.passes(host, for: request) }
    }

    /// The hosts that pass every filter, best first (ties broken by host name, for a stable order).
    package func rank(_ hosts: [HostState], for request: PlacementRequest) -> [HostState] {
        let weighed = hosts.filter { admits($0, for: request) }.map { host in
            (host, weighers.reduce(0) { $0 + $1.multiplier * $1.weight(of: host, for: request) })
        }
        return weighed.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.host < $1.0.host }.map(\.0)
    }
}
