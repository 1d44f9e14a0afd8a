package import EmberModel

/// Prefers the host with the most room left, so volumes spread across hosts (Cinder's default).
/// A negative multiplier stacks them instead.
package struct CapacityWeigher: HostWeigher {
    package var multiplier: Double

    package init(multiplier: Double = 1) {
        self.multiplier = multiplier
    }

    package func weight(of host: HostState, for request: PlacementRequest) -> Double {
        host.virtualFreeGB
    }
}
