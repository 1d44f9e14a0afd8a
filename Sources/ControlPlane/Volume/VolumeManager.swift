import EmberMetrics
package import EmberModel
package import EmberRPC
package import EmberStore
package import Foundation
package import Logging

/// What one volume service does to its volumes: create, delete, recover, report.
///
/// Each operation reads the volume, checks the status it expects, acts on the driver and then
/// persists the outcome with a conditional update, so a redelivered message does nothing twice.
package struct VolumeManager: Sendable {
    package struct Configuration: Sendable {
        package var host: String
        package var availabilityZone: String
        package var reservedPercentage: Double
        package var maxOverSubscriptionRatio: Double

        package init(
            host: String, availabilityZone: String = "nova", reservedPercentage: Double = 0,
            maxOverSubscriptionRatio: Double = 20
        ) {
            self.host = host
            self.availabilityZone = availabilityZone
            self.reservedPercentage = reservedPercentage
            self.maxOverSubscriptionRatio = maxOverSubscriptionRatio
        }
    }

    package let configuration: Configuration
    let store: any Store
    package let driver: any VolumeDriver
    /// The iSCSI target volumes are exported through; nil when this host exports nothing.
    let targets: (any TargetHelper)?
    let logger: Logger
    /// The work running in this process now, shared by every copy of this manager.
    let running = RunningWork()

    package init(
        configuration: Configuration, store: any Store, driver: any VolumeDriver, targets: (any TargetHelper)? = nil,
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.driver = driver
        self.targets = targets
        self.logger = logger
    }

    package func createVolume(_ id: UUID, context: CallContext) async throws {
        let volume = try await store.volume(id: id)
        try await perform(
            Operation("create volume", .volume, id, from: VolumeStatus.creating.rawValue), context: context,
            failure: volume.map { (.createFailed, $0.projectID) },
            ready: volume.map { $0.status == .creating && VolumeHost.name($0.host ?? "", isOn: configuration.host) } ?? false,
            work: {
                guard let volume else { return }
                if let name = volume.externalName {
                    try await driver.adopt(name, as: .volume(id), sizeGB: volume.sizeGB)
                } else if let source = volume.source {
                    // Only a copy moves data: the back-end rate is read for it alone.
                    let kind: DataOperation.Kind = if case .snapshot = source { .copy } else { .clone }
                    try await track(kind, of: volume) {
                        try await DataMover.$volumeBytesPerSecond.withValue(try await backEndRate(of: volume)) {
                            try await driver.createVolume(id: id, sizeGB: volume.sizeGB, from: source)
                        }
                    }
                } else {
                    try await driver.createVolume(id: id, sizeGB: volume.sizeGB)
                }
            },
            persist: { try await store.apply($0 ? .createSucceeded : .createFailed, toVolume: id) })
    }

    /// Deletes the volume, or with an external name (an unmanage) leaves its data under that name.
    package func deleteVolume(_ id: UUID, context: CallContext) async throws {
        let volume = try await store.volume(id: id)
        try await perform(
            Operation(volume?.externalName == nil ? "delete volume" : "unmanage volume", .volume, id, from: VolumeStatus.deleting.rawValue),
            context: context, ready: volume?.status == .deleting,
            work: {
                // A force-deleted volume may still be exported: the target goes before the backing store.
                if targets != nil, try await store.exportCredentials(volumeID: id) != nil {
                    try await terminateConnection(id, context: context)
                }
                // A cascade delete moved the volume's snapshots to deleting with it: they go first. (A
                // deleting volume takes no new snapshot, so one that had none has none left.)
                let snapshots = try await store.snapshots(matching: SnapshotQuery(projectID: nil, volumeID: id))
                for snapshot in snapshots where snapshot.status == .deleting {
                    try await deleteSnapshot(snapshot.id, context: context)
                }
                let left = snapshots.isEmpty ? 0 : try await store.snapshots(matching: SnapshotQuery(projectID: nil, volumeID: id)).count
                guard left == 0 else { throw Fault(.conflict, "\(left) snapshot(s) of volume \(id.key) could not be deleted") }
                if let name = volume?.externalName { return try await driver.release(.volume(id), as: name) }
                let rate = try await backEndRate(of: volume)
                // A wipe is listed once it moves bytes; a file's removal moves none.
                try await track(.wipe, of: volume, eager: false) {
                    try await DataMover.$volumeBytesPerSecond.withValue(rate) { try await driver.deleteVolume(id: id) }
                }
            },
            persist: { try await store.apply($0 ? .deleteSucceeded : .deleteFailed, toVolume: id) })
    }

    package func extendVolume(_ id: UUID, context: CallContext) async throws {
        let volume = try await store.volume(id: id)
        let size = volume?.status == .extending ? volume?.extendSizeGB : nil
        try await perform(
            Operation("extend volume", .volume, id, from: VolumeStatus.extending.rawValue), context: context,
            failure: volume.map { (.extendFailed, $0.projectID) }, ready: size != nil,
            work: { if let size { try await driver.extendVolume(id: id, sizeGB: size) } },
            persist: { try await store.finishExtend(id: id, $0 ? .extendSucceeded : .extendFailed) })
    }

    package func revertVolume(_ id: UUID, toSnapshot snapshotID: UUID, context: CallContext) async throws {
        let volume = try await store.volume(id: id)
        try await perform(
            Operation("revert volume", .volume, id, from: VolumeStatus.reverting.rawValue), context: context,
            ready: volume?.status == .reverting,
            work: {
                let rate = try await backEndRate(of: volume)
                try await track(.revert, of: volume) {
                    try await DataMover.$volumeBytesPerSecond.withValue(rate) { try await driver.revertVolume(id: id, toSnapshot: snapshotID) }
                }
            },
            persist: { try await store.finishRevert(volumeID: id, snapshotID: snapshotID, succeeded: $0) })
    }

    package func createSnapshot(_ id: UUID, context: CallContext) async throws {
        let snapshot = try await store.snapshot(id: id)
        try await perform(
            Operation("create snapshot", .snapshot, id, from: SnapshotStatus.creating.rawValue), context: context,
            failure: snapshot.map { (.snapshotCreateFailed, $0.projectID) },
            ready: snapshot?.status == .creating,
            work: {
                guard let snapshot else { return }
                if let name = snapshot.externalName { return try await driver.adopt(name, as: .snapshot(id), sizeGB: nil) }
                // A copy of the volume, held to the volume's back-end rate as its other copies are.
                let rate = try await backEndRate(of: try await store.volume(id: snapshot.volumeID))
                try await track(copyOf: snapshot) {
                    try await DataMover.$volumeBytesPerSecond.withValue(rate) { try await driver.createSnapshot(id: id, volumeID: snapshot.volumeID) }
                }
            },
            persist: { try await store.apply($0 ? .createSucceeded : .createFailed, toSnapshot: id) })
    }

    package func deleteSnapshot(_ id: UUID, context: CallContext) async throws {
        let snapshot = try await store.snapshot(id: id)
        try await perform(
            Operation("delete snapshot", .snapshot, id, from: SnapshotStatus.deleting.rawValue), context: context,
            failure: snapshot.map { (.snapshotDeleteFailed, $0.projectID) },
            ready: snapshot?.status == .deleting,
            work: {
                if let name = snapshot?.externalName { return try await driver.release(.snapshot(id), as: name) }
                try await driver.deleteSnapshot(id: id)
            },
            persist: { try await store.apply($0 ? .deleteSucceeded : .deleteFailed, toSnapshot: id) })
    }

    /// The one shape of every handler. A resource that is not `ready` (a redelivered or stale message),
    /// or whose work is already running in this process, is left alone; otherwise the driver does the
    /// `work`, and its outcome is persisted either way with a conditional update (`persist(true)` on
    /// success), so doing a step twice does nothing twice; the move that persists it also removes the
    /// work's worker record.
    /// A failure leaves the resource's project the user message `failure` names.
    func perform(
        _ operation: Operation, context: CallContext, failure: (event: MessageEvent, project: String)? = nil, ready: Bool,
        work: () async throws -> Void, persist: (_ succeeded: Bool) async throws -> Bool
    ) async throws {
        let logger = logger.with(context)
        let id = operation.id
        guard ready else {
            logger.info("\(operation.name) \(id.key): not in the status it needs on this host, nothing to do")
            return
        }
        guard await running.begin(operation) else {
            logger.info("\(operation.name) \(id.key): already running here")
            return
        }
        let outcome: Result<Void, any Error>
        do {
            try await attempt(operation, context: context, failure: failure, work: work, persist: persist)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await running.end(operation)
        try outcome.get()
    }

    /// Does the work and persists its outcome, whichever it is.
    private func attempt(
        _ operation: Operation, context: CallContext, failure: (event: MessageEvent, project: String)?,
        work: () async throws -> Void, persist: (_ succeeded: Bool) async throws -> Bool
    ) async throws {
        let logger = logger.with(context)
        let start = ContinuousClock.now
        let failed: (any Error)?
        do {
            try await work()
            failed = nil
        } catch {
            failed = error
        }
        EmberMetric.volumeOperations.increment(operation.name, failed == nil ? "succeeded" : "failed")
        EmberMetric.volumeOperationDuration.record(ContinuousClock.now - start, operation.name)
        if let failed {
            logger.error("\(operation.name) \(operation.id.key) failed: \(failed)")
            _ = try await persist(false)
            if let failure { await tell(failure.event, project: failure.project, about: operation.id, context: context) }
            return
        }
        if try await persist(true) { logger.info("\(operation.name) \(operation.id.key): done") }
    }

    /// Leaves a user message; one that cannot be written is logged: the work's own outcome stands.
    func tell(_ event: MessageEvent, project: String, about id: UUID, context: CallContext) async {
        do {
            try await store.insertMessage(UserMessage(projectID: project, requestID: context.requestID, resourceUUID: id, event: event))
        } catch {
            logger.with(context).warning("user message \(event.eventID) for \(id.key) not written: \(error)")
        }
    }

    /// Runs a driver step that may move `volume`'s data as a `kind` operation, its progress written
    /// for `/operations` (from the start when `eager`, else once bytes move).
    func track<T: Sendable>(_ kind: DataOperation.Kind, of volume: Volume?, eager: Bool = true, _ step: () async throws -> T) async throws -> T {
        guard let volume else { return try await step() }
        let operation = DataOperation(
            projectID: volume.projectID, resourceType: .volume, resourceID: volume.id, kind: kind, host: configuration.host,
            bytesTotal: volume.sizeGB * Int(GiB.bytes))
        return try await OperationTracker(store: store, logger: logger).track(operation, eager: eager, step)
    }

    /// The same for a snapshot taken by copying, listed once bytes move (a reflink or an LVM snapshot moves none).
    func track<T: Sendable>(copyOf snapshot: Snapshot, _ step: () async throws -> T) async throws -> T {
        let operation = DataOperation(
            projectID: snapshot.projectID, resourceType: .snapshot, resourceID: snapshot.id, kind: .copy, host: configuration.host,
            bytesTotal: snapshot.sizeGB * Int(GiB.bytes))
        return try await OperationTracker(store: store, logger: logger).track(operation, eager: false, step)
    }

    /// The byte rate the volume's type's back-end QoS specs set for its copies and wipes, if any.
    func backEndRate(of volume: Volume?) async throws -> UInt64? {
        guard let volume else { return nil }
        return try await qosSpecs(of: volume)?.backEndBytesPerSecond
    }

    /// The QoS specs associated with the volume's type.
    func qosSpecs(of volume: Volume) async throws -> QoSSpecs? {
        guard let qosID = try await store.volumeType(volume.volumeTypeID.key)?.qosSpecsID else { return nil }
        return try await store.qosSpecs(id: qosID)
    }

    /// A backing store Ember did not make, for a manage: its size and the pool it is in.
    package func manageable(_ name: String, context: CallContext) async throws -> ManageableStore {
        let size = try await driver.manageableSize(of: name)
        return ManageableStore(name: name, sizeGB: size, host: try await capabilities().poolHost)
    }

    package func capabilities() async throws -> HostCapabilities {
        let capacity = try await driver.capacity()
        return HostCapabilities(
            host: configuration.host, availabilityZone: configuration.availabilityZone,
            backendName: driver.backendName, totalCapacityGB: capacity.totalGB, freeCapacityGB: capacity.freeGB,
            reservedPercentage: configuration.reservedPercentage,
            maxOverSubscriptionRatio: configuration.maxOverSubscriptionRatio,
            thinProvisioning: capacity.thinProvisioning, storageProtocol: targets == nil ? "file" : "iSCSI")
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
