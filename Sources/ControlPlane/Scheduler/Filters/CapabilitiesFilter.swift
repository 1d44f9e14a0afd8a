package import EmberModel

/// Passes hosts whose capabilities satisfy the volume type's extra specs, as Cinder's
/// CapabilitiesFilter does for the keys Ember reports: `volume_backend_name` (also written
/// `capabilities:volume_backend_name`), `thin_provisioning_support` and `thick_provisioning_support`
/// (`<is> True` or `True`). Scoped keys of other consumers (`qos:`, `multiattach`...) are ignored.
package struct CapabilitiesFilter: HostFilter {
    package init() {}

    package var name: String { "CapabilitiesFilter" }

    package func passes(_ host: HostState, for request: PlacementRequest) -> Bool {
        request.extraSpecs.allSatisfy { key, wanted in
            let name = key.hasPrefix("capabilities:") ? String(key.dropFirst("capabilities:".count)) : key
            guard let reported = Self.capability(name, of: host.capabilities) else { return true }
            return ExtraSpec.matches(reported, wanted)
        }
    }

    static func capability(_ name: String, of capabilities: HostCapabilities) -> String? {
        switch name {
        case "volume_backend_name": capabilities.backendName
        case "thin_provisioning_support": capabilities.thinProvisioning ? "True" : "False"
        case "thick_provisioning_support": capabilities.thinProvisioning ? "False" : "True"
        default: nil
        }
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
