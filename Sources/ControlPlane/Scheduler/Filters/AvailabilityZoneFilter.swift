public import EmberModel

/// Passes hosts in the availability zone the volume asked for.
public struct AvailabilityZoneFilter: HostFilter {
    public init() {}

    public var name: String { "AvailabilityZoneFilter" }

    public func passes(_ host: HostState, for request: PlacementRequest) -> Bool {
        host.capabilities.availabilityZone == request.availabilityZone
    }
}
