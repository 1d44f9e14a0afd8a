package import EmberModel
import EmberStore
package import Foundation
import Logging

/// Recovery: what a volume service left half-done when it stopped, found through its worker
/// records (and, for work an older release recorded no record of, through the resources' statuses),
/// is finished or failed before the service takes new work; an admin's `POST /workers/cleanup` runs
/// the same for a service that is up.
extension VolumeManager {
    /// Run once at start, before consuming: finishes what a previous run left half-done and removes
    /// backing stores the database does not know.
    package func recover(context: CallContext) async throws {
        try await cleanUp(WorkerQuery(), context: context)
        // Snapshots first: a creating volume may be copied from a snapshot that was creating too.
        let snapshots = try await store.snapshots(onHost: configuration.host)
        for snapshot in snapshots { try await resume(snapshot, context: context) }
        let volumes = try await store.volumes(onHost: configuration.host)
        for volume in volumes { try await resume(volume, context: context) }
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

    /// Resumes the work this host's worker records (those `query` selects) say it owes, and removes
    /// the records whose resource is gone or has left the status they were written for. Work that
    /// is running in this process now is left to run. Returns how many records it resumed.
    @discardableResult
    package func cleanUp(_ query: WorkerQuery, context: CallContext) async throws -> Int {
        var query = query
        query.host = configuration.host
        var resumed = 0
        for record in try await store.work(matching: query) {
            let current: String?
            switch record.resourceType {
            case .volume: current = try await store.volume(id: record.resourceID)?.status.rawValue
            case .snapshot: current = try await store.snapshot(id: record.resourceID)?.status.rawValue
            }
            guard current == record.status else {
                logger.info("worker record of \(record.resourceType.rawValue) \(record.resourceID.key) (\(record.status)) is stale: removed")
                try await store.finishWork(record.resourceType, record.resourceID, status: record.status)
                continue
            }
            logger.info("resuming \(record.status) of \(record.resourceType.rawValue) \(record.resourceID.key)")
            switch record.resourceType {
            case .volume: if let volume = try await store.volume(id: record.resourceID) { try await resume(volume, context: context) }
            case .snapshot: if let snapshot = try await store.snapshot(id: record.resourceID) { try await resume(snapshot, context: context) }
            }
            resumed += 1
        }
        return resumed
    }

    /// Does the work a volume's transitional status stands for; a settled volume needs none.
    func resume(_ volume: Volume, context: CallContext) async throws {
        switch volume.status {
        case .creating: try await createVolume(volume.id, context: context)
        case .deleting: try await deleteVolume(volume.id, context: context)
        case .extending: try await extendVolume(volume.id, context: context)
        case .reverting:
            let snapshots = try await store.snapshots(matching: SnapshotQuery(projectID: nil, volumeID: volume.id))
            if let snapshot = snapshots.first(where: { $0.status == .restoring }) {
                try await revertVolume(volume.id, toSnapshot: snapshot.id, context: context)
            }
        default: break
        }
    }

    /// Does the work a snapshot's transitional status stands for; a settled snapshot needs none.
    func resume(_ snapshot: Snapshot, context: CallContext) async throws {
        switch snapshot.status {
        case .creating: try await createSnapshot(snapshot.id, context: context)
        case .deleting: try await deleteSnapshot(snapshot.id, context: context)
        default: break
        }
    }
}

/// One operation of a volume service: what it is called in the log, the resource it acts on, and
/// the status it starts from (the one its worker record names).
struct Operation: Sendable {
    let name: String
    let type: WorkerRecord.ResourceType
    let id: UUID
    let status: String

    init(_ name: String, _ type: WorkerRecord.ResourceType, _ id: UUID, from status: String) {
        self.name = name
        self.type = type
        self.id = id
        self.status = status
    }
}

/// The operations a volume service is running in this process, by resource and starting status: a
/// redelivered message, or a cleanup, for one of them is skipped instead of running the same work
/// beside it (the running one persists the outcome). Another operation on the resource is not held up.
package actor RunningWork {
    private var running: Set<String> = []

    init() {}

    /// Marks the operation as running; false when it already is.
    func begin(_ operation: Operation) -> Bool {
        running.insert(Self.key(operation)).inserted
    }

    func end(_ operation: Operation) {
        running.remove(Self.key(operation))
    }

    private static func key(_ operation: Operation) -> String {
        "\(operation.type.rawValue)/\(operation.id.key)/\(operation.status)"
    }
}
