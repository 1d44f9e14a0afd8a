package import Foundation

/// One running Ember service (api, scheduler or volume) as registered in the database.
package struct ServiceRecord: Sendable, Equatable {
    /// The binaries' names as Cinder's: tools and Tempest filter `os-services` on them.
    package enum Binary {
        package static let volume = "cinder-volume"
        package static let scheduler = "cinder-scheduler"
    }

    package var host: String
    package var binary: String
    package var availabilityZone: String
    package var disabled: Bool
    package var heartbeatAt: Date?

    package init(host: String, binary: String, availabilityZone: String, disabled: Bool = false, heartbeatAt: Date? = nil) {
        self.host = host
        self.binary = binary
        self.availabilityZone = availabilityZone
        self.disabled = disabled
        self.heartbeatAt = heartbeatAt
    }
}

/// What a volume service reports of its backend, periodically, for the scheduler.
package struct HostCapabilities: Codable, Sendable, Equatable {
    package var host: String
    package var availabilityZone: String
    package var backendName: String
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
        thinProvisioning: Bool
    ) {
        self.host = host
        self.availabilityZone = availabilityZone
        self.backendName = backendName
        self.totalCapacityGB = totalCapacityGB
        self.freeCapacityGB = freeCapacityGB
        self.reservedPercentage = reservedPercentage
        self.maxOverSubscriptionRatio = maxOverSubscriptionRatio
        self.thinProvisioning = thinProvisioning
    }
}
