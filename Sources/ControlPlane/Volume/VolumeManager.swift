public import EmberModel
public import EmberStore
public import Foundation
public import Logging

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
    package let driver: any VolumeDriver
    /// The iSCSI target volumes are exported through; nil when this host exports nothing.
    let targets: (any TargetHelper)?
    let logger: Logger

    public init(configuration: Configuration, store: any Store, driver: any VolumeDriver, targets: (any TargetHelper)? = nil,
                logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.driver = driver
        self.targets = targets
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
            if let source = volume.source {
                try await driver.createVolume(id: id, sizeGB: volume.sizeGB, from: source)
            } else {
                try await driver.createVolume(id: id, sizeGB: volume.sizeGB)
            }
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
            // A force-deleted volume may still be exported: the target goes before the backing store.
            if targets != nil, try await store.exportCredentials(volumeID: id) != nil {
                try await terminateConnection(id, context: context)
            }
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

    public func extendVolume(_ id: UUID, context: CallContext) async throws {
        let logger = logger.with(context)
        guard let volume = try await store.volume(id: id), volume.status == .extending, let size = volume.extendSizeGB else {
            logger.info("extend \(id.key): not an extending volume, nothing to do")
            return
        }
        do {
            try await driver.extendVolume(id: id, sizeGB: size)
        } catch {
            logger.error("extend \(id.key) to \(size) GiB failed: \(error)")
            try await store.finishExtend(id: id, .extendFailed)
            return
        }
        if try await store.finishExtend(id: id, .extendSucceeded) {
            logger.info("volume \(id.key) extended to \(size) GiB")
        }
    }

    public func revertVolume(_ id: UUID, toSnapshot snapshotID: UUID, context: CallContext) async throws {
        let logger = logger.with(context)
        guard try await store.volume(id: id)?.status == .reverting else {
            logger.info("revert \(id.key): not a reverting volume, nothing to do")
            return
        }
        var succeeded = true
        do {
            try await driver.revertVolume(id: id, toSnapshot: snapshotID)
        } catch {
            logger.error("revert \(id.key) to snapshot \(snapshotID.key) failed: \(error)")
            succeeded = false
        }
        if try await store.finishRevert(volumeID: id, snapshotID: snapshotID, succeeded: succeeded), succeeded {
            logger.info("volume \(id.key) reverted to snapshot \(snapshotID.key)")
        }
    }

    public func createSnapshot(_ id: UUID, context: CallContext) async throws {
        let logger = logger.with(context)
        guard let snapshot = try await store.snapshot(id: id), snapshot.status == .creating else {
            logger.info("snapshot \(id.key): not a creating snapshot, nothing to do")
            return
        }
        do {
            try await driver.createSnapshot(id: id, volumeID: snapshot.volumeID)
        } catch {
            logger.error("snapshot \(id.key) of volume \(snapshot.volumeID.key) failed: \(error)")
            try await store.apply(.createFailed, toSnapshot: id)
            return
        }
        if try await store.apply(.createSucceeded, toSnapshot: id) {
            logger.info("snapshot \(id.key) of volume \(snapshot.volumeID.key) available")
        }
    }

    public func deleteSnapshot(_ id: UUID, context: CallContext) async throws {
        let logger = logger.with(context)
        guard let snapshot = try await store.snapshot(id: id), snapshot.status == .deleting else {
            logger.info("delete snapshot \(id.key): not a deleting snapshot, nothing to do")
            return
        }
        do {
            try await driver.deleteSnapshot(id: id)
        } catch {
            logger.error("delete snapshot \(id.key) failed: \(error)")
            try await store.apply(.deleteFailed, toSnapshot: id)
            return
        }
        if try await store.apply(.deleteSucceeded, toSnapshot: id) {
            logger.info("snapshot \(id.key) deleted")
        }
    }

    /// Run once at start, before consuming: finishes what a previous run left half-done and removes
    /// backing stores the database does not know.
    public func recover(context: CallContext) async throws {
        // Snapshots first: a creating volume may be copied from a snapshot that was creating too.
        let snapshots = try await store.snapshots(onHost: configuration.host)
        for snapshot in snapshots {
            switch snapshot.status {
            case .creating: try await createSnapshot(snapshot.id, context: context)
            case .deleting: try await deleteSnapshot(snapshot.id, context: context)
            default: break
            }
        }
        let volumes = try await store.volumes(onHost: configuration.host)
        for volume in volumes {
            switch volume.status {
            case .creating: try await createVolume(volume.id, context: context)
            case .deleting: try await deleteVolume(volume.id, context: context)
            case .extending: try await extendVolume(volume.id, context: context)
            case .reverting:
                if let snapshot = snapshots.first(where: { $0.volumeID == volume.id && $0.status == .restoring }) {
                    try await revertVolume(volume.id, toSnapshot: snapshot.id, context: context)
                }
            default: break
            }
        }
        await restoreExports(context: context)
        // An orphan that cannot be removed is logged and left: it must not keep the service down.
        for orphan in try await driver.existingSnapshots().subtracting(snapshots.map(\.id)) {
            logger.warning("removing orphaned backing store of snapshot \(orphan.key)")
            do { try await driver.deleteSnapshot(id: orphan) } catch { logger.error("snapshot \(orphan.key) left in place: \(error)") }
        }
        for orphan in try await driver.existingVolumes().subtracting(volumes.map(\.id)) {
            logger.warning("removing orphaned backing store of volume \(orphan.key)")
            do { try await driver.deleteVolume(id: orphan) } catch { logger.error("volume \(orphan.key) left in place: \(error)") }
        }
    }

    public func capabilities() async throws -> HostCapabilities {
        let capacity = try await driver.capacity()
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
