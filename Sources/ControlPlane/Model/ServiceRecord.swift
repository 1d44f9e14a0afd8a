package import Foundation

/// One running Ember service (api, scheduler or volume) as registered in the database.
package struct ServiceRecord: Sendable, Equatable {
    /// The binaries' names as Cinder's: tools and Tempest filter `os-services` on them.
    package enum Binary {
        package static let volume = "cinder-volume"
        package static let scheduler = "cinder-scheduler"
    }

    /// The row's number, as Cinder's `service_id` (`POST /workers/cleanup` names services by it).
    package var id: Int?
    package var host: String
    package var binary: String
    package var availabilityZone: String
    /// A disabled volume service gets no new volumes from the scheduler.
    package var disabled: Bool
    package var disabledReason: String?
    /// A frozen backend refuses management changes to its volumes (Cinder's replication freeze).
    package var frozen: Bool
    package var heartbeatAt: Date?
    /// Seconds since the last heartbeat by the database's clock, as the store read it; nil before any.
    package var heartbeatAge: TimeInterval?

    /// A service whose heartbeat is older than this is down (Cinder's `service_down_time`).
    package static let downAfter: TimeInterval = 60
    /// Up while its heartbeats keep coming (Cinder's `report_interval` is 10 s).
    package var isUp: Bool { heartbeatAge.map { $0 <= Self.downAfter } ?? false }

    package init(
        host: String, binary: String, availabilityZone: String, disabled: Bool = false, disabledReason: String? = nil,
        frozen: Bool = false, heartbeatAt: Date? = nil
    ) {
        self.host = host
        self.binary = binary
        self.availabilityZone = availabilityZone
        self.disabled = disabled
        self.disabledReason = disabledReason
        self.frozen = frozen
        self.heartbeatAt = heartbeatAt
    }
}

/// What a volume service reports of its backend, periodically, for the scheduler.
package struct HostCapabilities: Codable, Sendable, Equatable {
    /// The service's `host@backend`.
    package var host: String
    package var availabilityZone: String
    package var backendName: String
    /// The backend's one pool (Ember's backends each have one, named as the backend).
    package var poolName: String
    /// `iSCSI` when the service exports over iSCSI, `file` when its volumes are local files only.
    package var storageProtocol: String
    package var vendorName: String
    package var driverVersion: String
    package var totalCapacityGB: Double
    package var freeCapacityGB: Double
    /// Percentage of the total kept back from scheduling.
    package var reservedPercentage: Double
    /// How far provisioned capacity may exceed the total on thin backends.
    package var maxOverSubscriptionRatio: Double
    package var thinProvisioning: Bool

    package init(
        host: String, availabilityZone: String, backendName: String, totalCapacityGB: Double,
        freeCapacityGB: Double, reservedPercentage: Double = 0, maxOverSubscriptionRatio: Double = 20,
        thinProvisioning: Bool, storageProtocol: String = "file", vendorName: String = "Ember", driverVersion: String = "1.0"
    ) {
        self.host = host
        self.availabilityZone = availabilityZone
        self.backendName = backendName
        self.poolName = backendName
        self.storageProtocol = storageProtocol
        self.vendorName = vendorName
        self.driverVersion = driverVersion
        self.totalCapacityGB = totalCapacityGB
        self.freeCapacityGB = freeCapacityGB
        self.reservedPercentage = reservedPercentage
        self.maxOverSubscriptionRatio = maxOverSubscriptionRatio
        self.thinProvisioning = thinProvisioning
    }
}

extension HostCapabilities {
    /// Where volumes placed on this backend are recorded: `host@backend#pool`.
    package var poolHost: String { VolumeHost.pool(poolName, on: host) }
}

extension HostCapabilities {
    /// Whether a type's extra specs allow this backend, as Cinder's CapabilitiesFilter reads them: a
    /// key Ember reports (`volume_backend_name`, `storage_protocol`, `vendor_name`, `driver_version`,
    /// `pool_name`, `thin_provisioning_support`, `thick_provisioning_support`, also with the
    /// `capabilities:` scope) must match; keys of other consumers (`qos:`, `multiattach`...) are ignored.
    package func satisfies(_ extraSpecs: [String: String]) -> Bool {
        extraSpecs.allSatisfy { key, wanted in
            let name = key.hasPrefix("capabilities:") ? String(key.dropFirst("capabilities:".count)) : key
            guard let reported = capability(name) else { return true }
            return ExtraSpec.matches(reported, wanted)
        }
    }

    /// The value reported for a capability key, or nil when the backend reports no such key.
    package func capability(_ name: String) -> String? {
        switch name {
        case "volume_backend_name": backendName
        case "storage_protocol": storageProtocol
        case "vendor_name": vendorName
        case "driver_version": driverVersion
        case "pool_name": poolName
        case "thin_provisioning_support": thinProvisioning ? "True" : "False"
        case "thick_provisioning_support": thinProvisioning ? "False" : "True"
        default: nil
        }
    }
}
