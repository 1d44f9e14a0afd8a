package import EmberModel

/// Passes a host only if the volume fits, with Cinder's rules: the reserved share is kept back;
/// thin hosts may be over-subscribed up to their ratio, thick hosts not at all.
package struct CapacityFilter: HostFilter {
    package init() {}

    package var name: String { "CapacityFilter" }

    package func passes(_ host: HostState, for request: PlacementRequest) -> Bool {
        let c = host.capabilities
        let size = Double(request.sizeGB)
        guard c.totalCapacityGB > 0 else { return false }
        if c.thinProvisioning {
            let provisionedRatio = (Double(host.allocatedGB) + size) / c.totalCapacityGB
            guard provisionedRatio <= c.maxOverSubscriptionRatio else { return false }
            let physicallyFree = c.freeCapacityGB - host.reservedGB
            return physicallyFree > 0 && physicallyFree * c.maxOverSubscriptionRatio >= size
        }
        return host.virtualFreeGB >= size
    }
}
