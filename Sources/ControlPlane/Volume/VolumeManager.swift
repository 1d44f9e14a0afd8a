import Foundation
import Logging

/// What one volume service does to its volumes: create, delete, recover, report.
///
/// Each operation reads the volume, checks the status it expects, acts on the driver and then
/// persists the outcome with a conditional update, so a redelivered message does nothing twice.
public struct VolumeManager: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var availabilityZone: String
        public var reservedPercentage: Double
        public var maxOverSubscriptionRatio: Double

        public init(host: String, availabilityZone: String = "nova", reservedPercentage: Double = 0,
                    maxOverSubscriptionRatio: Double = 20) {
            self.host = host
            self.availabilityZone = availabilityZone
            self.reservedPercentage = reservedPercentage
            self.maxOverSubscriptionRatio = maxOverSubscriptionRatio
        }
    }

    public let configuration: Configuration
    let store: any Store
    let driver: any VolumeDriver
    let logger: Logger

    public init(configuration: Configuration, store: any Store, driver: any VolumeDriver, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.driver = driver
        self.logger = logger
    }

    public func createVolume(_ id: UUID, context: CallContext) async throws {
        let logger = logger.with(context)
        guard let volume = try await store.volume(id: id), volume.status == .creating,
            volume.host == configuration.host
        else {
            logger.info("create \(id.key): not a creating volume of this host, nothing to do")
            return
        }
        do {
            try await driver.createVolume(id: id, sizeGB: volume.sizeGB)
        } catch {
            logger.error("create \(id.key) failed: \(error)")
            try await store.apply(.createFailed, toVolume: id)
            return
        }
        if try await store.apply(.createSucceeded, toVolume: id) {
            logger.info("volume \(id.key) available (\(volume.sizeGB) GiB)")
        }
    }

    public func deleteVolume(_ id: UUID, context: CallContext) async throws {
        let logger = logger.with(context)
        guard let volume = try await store.volume(id: id), volume.status == .deleting else {
            logger.info("delete \(id.key): not a deleting volume, nothing to do")
            return
        }
        do {
            try await driver.deleteVolume(id: id)
        } catch {
            logger.error("delete \(id.key) failed: \(error)")
            try await store.apply(.deleteFailed, toVolume: id)
            return
        }
        if try await store.apply(.deleteSucceeded, toVolume: id) {
            logger.info("volume \(id.key) deleted")
        }
    }

    /// Run once at start, before consuming: finishes what a previous run left half-done and removes
    /// backing stores the database does not know.
    public func recover(context: CallContext) async throws {
        let volumes = try await store.volumes(onHost: configuration.host)
        for volume in volumes {
            switch volume.status {
            case .creating: try await createVolume(volume.id, context: context)
            case .deleting: try await deleteVolume(volume.id, context: context)
            default: break
            }
        }
        let known = Set(volumes.map(\.id))
        for orphan in try driver.existingVolumes().subtracting(known) {
            logger.warning("removing orphaned backing store of volume \(orphan.key)")
            try await driver.deleteVolume(id: orphan)
        }
    }

    public func capabilities() throws -> HostCapabilities {
        let capacity = try driver.capacity()
        return HostCapabilities(
            host: configuration.host, availabilityZone: configuration.availabilityZone,
            backendName: driver.backendName, totalCapacityGB: capacity.totalGB, freeCapacityGB: capacity.freeGB,
            reservedPercentage: configuration.reservedPercentage,
            maxOverSubscriptionRatio: configuration.maxOverSubscriptionRatio,
            thinProvisioning: capacity.thinProvisioning)
    }
}

extension Logger {
    /// This logger with the request id of `context` attached.
    func with(_ context: CallContext) -> Logger {
        var logger = self
        logger[metadataKey: "request_id"] = "\(context.requestID)"
        return logger
    }
}
