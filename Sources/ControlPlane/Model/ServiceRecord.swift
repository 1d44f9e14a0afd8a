public import Foundation

/// One running Ember service (api, scheduler or volume) as registered in the database.
public struct ServiceRecord: Sendable, Equatable {
    public var host: String
    public var binary: String
    public var availabilityZone: String
    public var disabled: Bool
    public var heartbeatAt: Date?

    public init(host: String, binary: String, availabilityZone: String, disabled: Bool = false, heartbeatAt: Date? = nil) {
        self.host = host
        self.binary = binary
        self.availabilityZone = availabilityZone
        self.disabled = disabled
        self.heartbeatAt = heartbeatAt
    }
}

/// What a volume service reports of its backend, periodically, for the scheduler.
public struct HostCapabilities: Codable, Sendable, Equatable {
    public var host: String
    public var availabilityZone: String
    public var backendName: String
    public var totalCapacityGB: Double
    public var freeCapacityGB: Double
    /// Percentage of the total kept back from scheduling.
    public var reservedPercentage: Double
    /// How far provisioned capacity may exceed the total on thin backends.
    public var maxOverSubscriptionRatio: Double
    public var thinProvisioning: Bool

    public init(
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
