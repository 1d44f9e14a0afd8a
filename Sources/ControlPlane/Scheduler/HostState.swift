package import EmberModel
package import Foundation

/// A volume host as the scheduler sees it: its last capability report plus what the database says
/// is already placed on it.
package struct HostState: Sendable, Equatable {
    package var capabilities: HostCapabilities
    /// Sum of the sizes of the live volumes the database places on this host.
    package var allocatedGB: Int
    package var reportedAt: Date

    package init(capabilities: HostCapabilities, allocatedGB: Int, reportedAt: Date) {
        self.capabilities = capabilities
        self.allocatedGB = allocatedGB
        self.reportedAt = reportedAt
    }

    /// The pool volumes are placed on: `host@backend#pool`.
    package var host: String { capabilities.poolHost }

    /// Capacity kept back from scheduling (`reserved_percentage` of the total).
    package var reservedGB: Double {
        (capabilities.totalCapacityGB * capabilities.reservedPercentage / 100).rounded(.down)
    }

    /// Room left for new volumes, as Cinder's capacity weigher counts it: on thin backends the
    /// over-subscribed total less what is provisioned; on thick ones the smaller of the reported free
    /// space and the total less what the database has placed since.
    package var virtualFreeGB: Double {
        let c = capabilities
        if c.thinProvisioning {
            return c.totalCapacityGB * c.maxOverSubscriptionRatio - Double(allocatedGB) - reservedGB
        }
        return min(c.freeCapacityGB, c.totalCapacityGB - Double(allocatedGB)) - reservedGB
    }

    /// The same host with a fresher allocation figure (read inside a claim's transaction).
    package func with(allocatedGB: Int) -> HostState {
        var copy = self
        copy.allocatedGB = allocatedGB
        return copy
    }
}

/// A check a host must pass to receive a volume.
package protocol HostFilter: Sendable {
    var name: String { get }
    func passes(_ host: HostState, for request: PlacementRequest) -> Bool
}

/// A score for ordering the hosts that passed the filters; the highest total wins.
package protocol HostWeigher: Sendable {
    var multiplier: Double { get }
    func weight(of host: HostState, for request: PlacementRequest) -> Double
}
