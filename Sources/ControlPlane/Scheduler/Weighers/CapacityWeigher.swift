public import EmberModel

/// Prefers the host with the most room left, so volumes spread across hosts (Cinder's default).
/// A negative multiplier stacks them instead.
public struct CapacityWeigher: HostWeigher {
    public var multiplier: Double

    public init(multiplier: Double = 1) {
        self.multiplier = multiplier
    }

    public func weight(of host: HostState, for request: PlacementRequest) -> Double {
        host.virtualFreeGB
    }
}
