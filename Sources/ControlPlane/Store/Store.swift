package import EmberModel
package import Foundation

/// The control plane's shared database, as the services see it: every role below, in one value.
///
/// SQLite stands behind it for the embedded default and PostgreSQL in distributed mode; one
/// conformance suite (`StoreConformanceTests`) runs over every implementation. Every status change is a
/// conditional update on the current status, and a host is claimed for a volume in the same
/// transaction that checks its capacity. A consumer that needs one role can take just that role.
package protocol Store: SchemaStore, ServiceStore, VolumeTypeStore, QoSStore, VolumeStore, SnapshotStore, AttachmentStore, ExportStore,
    QuotaStore, CapacityStore, TransferStore, MessageStore, EncryptionStore, GroupStore, WorkerStore, OperationStore
{}

/// The store's schema: migrations every implementation runs at start.
package protocol SchemaStore: Sendable {
    /// Brings the schema to the newest version; safe to run again.
    func migrate() async throws
    /// The applied migrations, oldest first.
    func appliedMigrations() async throws -> [String]
}

/// The services table: who runs where, and their heartbeats (`os-services`).
package protocol ServiceStore: Sendable {
    func registerService(_ service: ServiceRecord) async throws
    /// Stamps the service's heartbeat with the database's clock.
    func recordHeartbeat(host: String, binary: String) async throws
    func services() async throws -> [ServiceRecord]
    /// Enables or disables one service (`disabled-log-reason` keeps a reason); nil when there is none.
    func setService(host: String, binary: String, disabled: Bool, reason: String?) async throws -> ServiceRecord?
    /// Freezes or thaws the volume service of `host@backend`; false when there is none.
    func setFrozen(host: String, _ frozen: Bool) async throws -> Bool
}

/// Volume types, their extra specs and private-type access.
package protocol VolumeTypeStore: Sendable {
    func volumeTypes() async throws -> [VolumeType]
    /// A live type by id or by name.
    func volumeType(_ idOrName: String) async throws -> VolumeType?
    /// The type a create that names none gets: the project's default when it has a live one (3.62),
    /// else `__DEFAULT__`; nil `project` asks for `__DEFAULT__` only.
    func defaultVolumeType(project: String?) async throws -> VolumeType
    /// The type a project's volumes get when a create names none (3.62), if an admin set one.
    func projectDefaultTypeID(project: String) async throws -> UUID?
    /// Every project's default type (3.62), by project.
    func projectDefaultTypes() async throws -> [String: UUID]
    /// Sets (`typeID`) or unsets (nil) a project's default type.
    func setProjectDefaultType(project: String, typeID: UUID?) async throws
    /// Adds a type; a live type with the same name is a conflict.
    func insertVolumeType(_ type: VolumeType) async throws
    /// Edits a live type in one transaction: `change` gets the type as stored and may throw to leave it
    /// unchanged, so two edits racing (two extra specs added at once) both land. Nil when there is none.
    func updateVolumeType(id: UUID, _ change: @escaping @Sendable (inout VolumeType) throws -> Void) async throws -> VolumeType?
    /// Removes a type no live volume uses (a bad request otherwise, and for the default type).
    func deleteVolumeType(id: UUID) async throws
    /// The projects a private type is shared with.
    func typeAccess(typeID: UUID) async throws -> [String]
    /// Shares (or stops sharing) a type with a project. Returns false when nothing changed.
    func setTypeAccess(typeID: UUID, project: String, granted: Bool) async throws -> Bool
}

/// QoS specs and their associations: a volume type has at most one QoS specs.
package protocol QoSStore: Sendable {
    func qosSpecs() async throws -> [QoSSpecs]
    func qosSpecs(id: UUID) async throws -> QoSSpecs?
    /// Adds QoS specs; a name already taken is a conflict.
    func insertQoSSpecs(_ specs: QoSSpecs) async throws
    /// Edits QoS specs in one transaction (as `updateVolumeType`); nil when there are none.
    func updateQoSSpecs(id: UUID, _ change: @escaping @Sendable (inout QoSSpecs) throws -> Void) async throws -> QoSSpecs?
    /// Removes QoS specs; while a type is associated, a bad request unless `force`, which disassociates them.
    func deleteQoSSpecs(id: UUID, force: Bool) async throws
    /// Associates the specs with a type; a type associated with other specs is a bad request.
    func associateQoSSpecs(id: UUID, typeID: UUID) async throws
    /// Disassociates the specs from one type, or (nil) from every type.
    func disassociateQoSSpecs(id: UUID, typeID: UUID?) async throws
    /// The live types associated with the specs.
    func qosAssociations(id: UUID) async throws -> [VolumeType]
}

/// Volumes: checked inserts, reads, edits, and every status move as a conditional update.
package protocol VolumeStore: Sendable {
    /// Inserts a new volume. In the same transaction it checks the project's quota (over limit) and that the
    /// snapshot or volume it is created from is live and readable (a bad request), so a racing delete or a
    /// racing create can never slip past either check.
    /// Inserts a volume; with a source and `sizeGiven` false, its size becomes the source's as read in
    /// the insert's transaction. Returns what was stored.
    @discardableResult
    func insertVolume(_ volume: Volume, sizeGiven: Bool) async throws -> Volume
    /// A volume that is not deleted.
    func volume(id: UUID) async throws -> Volume?
    /// A live volume with its live type's name and its live attachments (only those of `projectID`,
    /// unless nil), in one read transaction.
    func volumeDetail(id: UUID, attachmentsOf projectID: String?) async throws -> VolumeDetail?
    func volumes(matching query: VolumeQuery) async throws -> [Volume]
    /// How many live volumes match the query (its page aside): a listing's `count`.
    func countVolumes(matching query: VolumeQuery) async throws -> Int
    /// Applies user edits to a live volume; nil when there is none.
    func updateVolume(id: UUID, _ update: VolumeUpdate) async throws -> Volume?
    /// Persists the move `event` causes, as a compare-and-swap on the volume's status: only from one of
    /// `VolumeLifecycle.sources(of: event)`. A move to `deleting` also requires that no live snapshot
    /// and no creating volume depends on it. Returns false when another request got there first, or
    /// the volume is gone. `work`, the record of what a volume service then owes, is written by the
    /// same transaction when the move happens.
    @discardableResult
    func apply(_ event: VolumeEvent, toVolume id: UUID, recording work: WorkerRecord?) async throws -> Bool
    /// What keeps a volume from being deleted: live snapshots and volumes being created from it.
    func dependents(ofVolume id: UUID) async throws -> (snapshots: Int, creatingClones: Int)
    /// Moves an available volume to `extending` and reserves the new size against the project's
    /// gigabytes quota, in one transaction. Returns false when the volume was not available.
    func beginExtend(id: UUID, toSizeGB size: Int) async throws -> Bool
    /// Ends an extend with `event` (succeeded, failed or refused): the reserved size becomes the size
    /// on success and is released otherwise.
    @discardableResult
    func finishExtend(id: UUID, _ event: VolumeEvent) async throws -> Bool
    /// Live volumes (not deleted) held by `host`, for recovery.
    func volumes(onHost host: String) async throws -> [Volume]
    /// Volumes still `creating` that no scheduler has placed yet, for recovery.
    func unplacedVolumes() async throws -> [Volume]

    /// A cascade delete (`?cascade=True`): in one transaction the volume, from one of `allowed`, and
    /// every live snapshot of it move to deleting. Throws a bad request when a snapshot is neither
    /// available nor error, or a volume is being created from the volume or one of its snapshots.
    func beginCascadeDelete(volumeID: UUID, from allowed: Set<VolumeStatus>) async throws
    /// An unmanage: as a delete's move to deleting, with the name the data will be left under
    /// (`ExternalName.unmanaged(volume:)`) recorded in the same update; false when refused.
    func beginUnmanage(volumeID: UUID, from allowed: Set<VolumeStatus>) async throws -> Bool
    /// Gives a placed volume in one of `allowed` another type, as a conditional update; false when the
    /// volume is gone or in another status.
    func retypeVolume(id: UUID, from allowed: Set<VolumeStatus>, to typeID: UUID) async throws -> Bool

    /// Starts a revert in one transaction: the volume available, the snapshot available, of the same
    /// size and the volume's newest; then volume `reverting`, snapshot `restoring`. Throws a bad request saying
    /// which rule failed.
    func beginRevert(volumeID: UUID, snapshotID: UUID) async throws
    /// Ends a revert: volume available (or error), snapshot available again.
    @discardableResult
    func finishRevert(volumeID: UUID, snapshotID: UUID, succeeded: Bool) async throws -> Bool
}

/// Snapshots: checked inserts, reads, edits and status moves.
package protocol SnapshotStore: Sendable {
    /// Inserts a new snapshot after checking, in the same transaction, that its volume is live and in
    /// one of `volumeStatuses` (a bad request) and that the project's quota admits it (over limit).
    @discardableResult
    func insertSnapshot(_ snapshot: Snapshot, volumeStatuses: Set<VolumeStatus>) async throws -> Snapshot
    /// A snapshot that is not deleted.
    func snapshot(id: UUID) async throws -> Snapshot?
    func snapshots(matching query: SnapshotQuery) async throws -> [Snapshot]
    /// Applies user edits (name, description, metadata) to a live snapshot; nil when there is none.
    func updateSnapshot(id: UUID, _ update: VolumeUpdate) async throws -> Snapshot?
    /// Persists the move `event` causes, as a compare-and-swap on the snapshot's status. A move to
    /// `deleting` also requires that no volume is being created from it.
    @discardableResult
    func apply(_ event: SnapshotEvent, toSnapshot id: UUID) async throws -> Bool
    /// A snapshot's unmanage, as a volume's (`ExternalName.unmanaged(snapshot:)`).
    func beginUnmanage(snapshotID: UUID, from allowed: Set<SnapshotStatus>) async throws -> Bool
    /// Live snapshots of volumes held by `host`, for recovery.
    func snapshots(onHost host: String) async throws -> [Snapshot]
}

/// Attachments, whose moves also settle their volume's status in the same transaction.
package protocol AttachmentStore: Sendable {
    /// Adds an attachment and reserves its volume in one transaction: the volume must be in
    /// `AttachmentLifecycle.reservable` for its multiattach flag (a bad request otherwise).
    func insertAttachment(_ attachment: Attachment, multiattach: Bool) async throws
    /// A live (not detached) attachment.
    func attachment(id: UUID) async throws -> Attachment?
    /// Live attachments, of one project (nil: all) and one volume (nil: all).
    func attachments(projectID: String?, volumeID: UUID?) async throws -> [Attachment]
    /// Persists the move `event` causes, as a compare-and-swap on the attachment's status, applying
    /// `change`; in the same transaction the volume's status becomes what its live attachments make it.
    /// A move to `detached` removes the attachment.
    @discardableResult
    func apply(_ event: AttachmentEvent, toAttachment id: UUID, change: @escaping @Sendable (inout Attachment) -> Void) async throws -> Bool
}

/// The CHAP accounts of exported volumes (sealed at rest by the implementation).
package protocol ExportStore: Sendable {
    /// The CHAP account of an exported volume.
    func exportCredentials(volumeID: UUID) async throws -> ChapCredentials?
    func saveExportCredentials(volumeID: UUID, _ credentials: ChapCredentials) async throws
    func deleteExportCredentials(volumeID: UUID) async throws
    /// The exported volumes on `host`, with their accounts, to re-create after a restart.
    func exports(onHost host: String) async throws -> [UUID: ChapCredentials]
}

/// Per-project quota limits and what each project holds.
package protocol QuotaStore: Sendable {
    /// A project's limits (its overrides over the defaults).
    func quotaLimits(project: String) async throws -> QuotaLimits
    /// What a project holds now, counted from live rows.
    func quotaUsage(project: String) async throws -> QuotaUsage
    /// What a project holds in volumes of one type and their snapshots.
    func quotaUsage(project: String, typeName: String) async throws -> QuotaUsage
    /// Sets some of a project's limits, by resource (`volumes`) or per-type key (`volumes_gold`); a
    /// limit below what the project already holds is a bad request.
    func setQuotaLimits(project: String, _ limits: [String: Int]) async throws
    /// Drops a project's overrides, back to the defaults.
    func resetQuotaLimits(project: String) async throws
    /// A quota class's limits (`default` is the defaults every project starts from).
    func quotaClassLimits(className: String) async throws -> QuotaLimits
    /// Sets some of a class's limits, by resource or per-type key.
    func setQuotaClassLimits(className: String, _ limits: [String: Int]) async throws
}

extension QuotaStore {
    /// Sets some of a project's limits by resource.
    package func setQuotaLimits(project: String, _ limits: [QuotaResource: Int]) async throws {
        try await setQuotaLimits(project: project, Dictionary(uniqueKeysWithValues: limits.map { ($0.key.rawValue, $0.value) }))
    }
}

/// What is placed on each host, and the transactional claim that places a volume.
package protocol CapacityStore: Sendable {
    /// Sum of the sizes of the live volumes placed on each host.
    func allocatedCapacityGB() async throws -> [String: Int]
    /// What a scheduler reads to place a volume, in one read transaction: `services()` and
    /// `allocatedCapacityGB()`.
    func placementInputs() async throws -> (services: [ServiceRecord], allocatedGB: [String: Int])
    /// In one transaction: reads `host`'s allocated capacity, asks `admits` whether the volume fits,
    /// and if so places the still-unplaced, still-creating volume there. Returns whether it did.
    func claimHost(
        volumeID: UUID, host: String, admits: @escaping @Sendable (_ allocatedGB: Int) -> Bool
    ) async throws -> Bool
    /// Unplaces a still-creating volume claimed by `host`, so that another host may claim it (the
    /// scheduler's retry when `host` cannot be reached). Returns whether it did.
    func releaseHost(volumeID: UUID, host: String) async throws -> Bool
}

/// Volume transfers: each step one transaction with the volume's status move.
package protocol TransferStore: Sendable {
    /// Offers an available volume: it moves to awaiting-transfer and the transfer is added, in one
    /// transaction. Unless `noSnapshots`, every snapshot of it must be available. A bad request otherwise.
    func insertTransfer(_ transfer: VolumeTransfer) async throws
    /// A live transfer (not accepted, not withdrawn).
    func transfer(id: UUID) async throws -> VolumeTransfer?
    /// Live transfers of one project (nil: every project).
    func transfers(projectID: String?) async throws -> [VolumeTransfer]
    /// Withdraws a transfer: the volume is available again. False when there is no live transfer.
    func deleteTransfer(id: UUID) async throws -> Bool
    /// Gives the volume (and, unless the transfer says not to, its snapshots) to `project` and `user`
    /// in one transaction, after checking the receiving project's quota (over limit otherwise); the
    /// transfer is kept as accepted. Returns it, or nil when there is no live transfer.
    func acceptTransfer(id: UUID, project: String, user: String) async throws -> VolumeTransfer?
}

/// Worker records (Cinder's `workers` table): the work each volume service must finish, so that its
/// restart, or an admin's cleanup, finds what it left half-done. A host's claim of a creating volume
/// records the create, and every status change of a volume or snapshot removes the records of other
/// statuses, each in the same transaction.
package protocol WorkerStore: Sendable {
    /// Records that `record.host` must finish work on the resource, replacing an older record of it;
    /// stamped with the database's clock.
    func recordWork(_ record: WorkerRecord) async throws
    /// Removes the resource's record if it is still the one for `status`; false when it was not there.
    @discardableResult
    func finishWork(_ type: WorkerRecord.ResourceType, _ id: UUID, status: String) async throws -> Bool
    /// The records matching `query`, oldest first.
    func work(matching query: WorkerQuery) async throws -> [WorkerRecord]
}

/// Data operations (wipes, copies, clones, reverts) with their progress, written by the volume
/// service that runs them and read through `/operations`; ended ones are kept for a day.
package protocol OperationStore: Sendable {
    /// Writes the operation as it is now (a new one, or a later state of one), and drops ended ones
    /// older than `DataOperation.kept`.
    func recordOperation(_ operation: DataOperation) async throws
    /// One project's operations (nil: every project's), newest first.
    func operations(projectID: String?) async throws -> [DataOperation]
    func operation(id: UUID) async throws -> DataOperation?
}

/// User messages: what failed asynchronous work tells a project; expired ones are never read.
package protocol MessageStore: Sendable {
    /// Adds a message and drops the expired ones.
    func insertMessage(_ message: UserMessage) async throws
    /// Unexpired messages of one project (nil: every project), newest first.
    func messages(projectID: String?) async throws -> [UserMessage]
    func message(id: UUID) async throws -> UserMessage?
    /// False when there was no such message.
    func deleteMessage(id: UUID) async throws -> Bool
}

/// Volume type encryption: at most one per type, changed only while no live volume has the type.
package protocol EncryptionStore: Sendable {
    func encryption(typeID: UUID) async throws -> VolumeTypeEncryption?
    /// Adds (`create`) or replaces a type's encryption in one transaction: a bad request while a live
    /// volume has the type, or when `create` finds one already (or an update finds none: not found).
    func saveEncryption(_ encryption: VolumeTypeEncryption, create: Bool) async throws
    /// Removes a type's encryption (a bad request while a live volume has the type).
    func deleteEncryption(typeID: UUID) async throws
}

/// Group types, groups and group snapshots; a volume joins a group only with one of its volume types.
package protocol GroupStore: Sendable {
    func groupTypes() async throws -> [GroupType]
    /// A live group type by id or name.
    func groupType(_ idOrName: String) async throws -> GroupType?
    /// Adds a group type; a live one with the same name is a conflict.
    func insertGroupType(_ type: GroupType) async throws
    /// Edits a live group type in one transaction; nil when there is none.
    func updateGroupType(id: UUID, _ change: @escaping @Sendable (inout GroupType) throws -> Void) async throws -> GroupType?
    /// Removes a group type no live group uses (a bad request otherwise).
    func deleteGroupType(id: UUID) async throws

    func insertGroup(_ group: VolumeGroup) async throws
    /// A live (not deleted) group.
    func group(id: UUID) async throws -> VolumeGroup?
    /// Live groups of one project (nil: all).
    func groups(projectID: String?) async throws -> [VolumeGroup]
    /// Edits a live group in one transaction; nil when there is none.
    func updateGroup(id: UUID, _ change: @escaping @Sendable (inout VolumeGroup) throws -> Void) async throws -> VolumeGroup?
    /// Moves a group (or group snapshot) from one of `from` (nil: any) to `to`, `awaiting` its members
    /// or not; `.deleted` removes it. False when it is gone or in another status.
    func setGroupStatus(id: UUID, from: Set<GroupStatus>?, to: GroupStatus, snapshot: Bool, awaiting: Bool) async throws -> Bool
    /// Adds volumes to a group and removes others, in one transaction: each added volume must be the
    /// group's project's, available or in-use, of one of its volume types and in no other group; each
    /// removed one must be in this group. A bad request names the first that is not.
    func changeGroupMembers(groupID: UUID, add: [UUID], remove: [UUID]) async throws

    func insertGroupSnapshot(_ snapshot: GroupSnapshot) async throws
    /// A live group snapshot.
    func groupSnapshot(id: UUID) async throws -> GroupSnapshot?
    func groupSnapshots(projectID: String?) async throws -> [GroupSnapshot]
}

/// A store error that is about the database, not the request: it is locked, full, read-only or
/// unreachable. The API answers it with 503 and `Retry-After` instead of a server fault; each store
/// implementation conforms its driver's error type.
package protocol StoreUnavailability: Error {
    /// Why the database cannot serve now, or nil when this error is something else.
    var unavailableReason: String? { get }
}

extension VolumeTypeStore {
    /// `__DEFAULT__`, whatever a project's default is.
    package func defaultVolumeType() async throws -> VolumeType {
        try await defaultVolumeType(project: nil)
    }
}

extension VolumeStore {
    /// A move no volume service is then asked to finish (or whose work is recorded elsewhere).
    @discardableResult
    package func apply(_ event: VolumeEvent, toVolume id: UUID) async throws -> Bool {
        try await apply(event, toVolume: id, recording: nil)
    }
}
