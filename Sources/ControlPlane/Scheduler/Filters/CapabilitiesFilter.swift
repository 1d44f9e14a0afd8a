package import EmberModel

/// Passes hosts whose capabilities satisfy the volume type's extra specs, as Cinder's
/// CapabilitiesFilter does for the keys Ember reports (`HostCapabilities.satisfies`).
package struct CapabilitiesFilter: HostFilter {
    package init() {}

    package var name: String { "CapabilitiesFilter" }

    package func passes(_ host: HostState, for request: PlacementRequest) -> Bool {
        host.capabilities.satisfies(request.extraSpecs)
    }
}

/// Passes only the host a copy must be made on: the one holding the source snapshot or volume.
package struct SourceHostFilter: HostFilter {
    package init() {}

    package var name: String { "SourceHostFilter" }

    package func passes(_ host: HostState, for request: PlacementRequest) -> Bool {
        request.requiredHost.map { $0 == host.host } ?? true
    }
}
