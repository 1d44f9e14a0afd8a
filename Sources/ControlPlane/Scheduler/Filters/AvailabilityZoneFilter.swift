package import EmberModel

/// Passes hosts in the availability zone the volume asked for.
package struct AvailabilityZoneFilter: HostFilter {
    package init() {}

    package var name: String { "AvailabilityZoneFilter" }

    package func passes(_ host: HostState, for request: PlacementRequest) -> Bool {
        host.capabilities.availabilityZone == request.availabilityZone
    }
}
