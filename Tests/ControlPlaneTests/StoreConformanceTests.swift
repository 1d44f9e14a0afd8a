import EmberStore
import Foundation
import Testing

@testable import EmberModel
@testable import EmberSQLStore
@testable import EmberSQLite
@testable import EmberTestSupport

/// The rules every store implementation keeps, run over each of them (`StoreImplementation`).
@Suite("Store conformance")
struct StoreConformanceTests {
    static func newVolume(_ store: any Store, size: Int = 1, project: String = "p1") async throws -> Volume {
        let volume = Volume(
            projectID: project, userID: "u1", name: "v", description: nil, sizeGB: size, availabilityZone: "nova",
            volumeTypeID: try await store.defaultVolumeType().id)
        return try await store.insertVolume(volume, sizeGiven: true)
    }

    /// A volume of `p1` that has been created.
    static func availableVolume(_ store: any Store) async throws -> Volume {
        let volume = try await newVolume(store)
        #expect(try await store.apply(.createSucceeded, toVolume: volume.id))
        return volume
    }

    @Test(arguments: StoreImplementation.allCases)
    func migrationsRerunAndSeedTheDefaultType(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let applied = try await store.appliedMigrations()
        try await store.migrate()
        #expect(try await store.appliedMigrations() == applied)
        #expect(try await store.defaultVolumeType().name == "__DEFAULT__")
        _ = holder
    }

    /// A create that names no type gets its project's default (3.62) while one is set, else `__DEFAULT__`.
    @Test(arguments: StoreImplementation.allCases)
    func theDefaultTypeIsTheProjectsWhileOneIsSet(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let gold = VolumeType(id: UUID(), name: "gold", description: nil)
        try await store.insertVolumeType(gold)
        try await store.setProjectDefaultType(project: "p1", typeID: gold.id)
        #expect(try await store.defaultVolumeType(project: "p1").name == "gold")
        #expect(try await store.defaultVolumeType(project: "p2").name == "__DEFAULT__")
        #expect(try await store.defaultVolumeType().name == "__DEFAULT__")
        try await store.setProjectDefaultType(project: "p1", typeID: nil)
        #expect(try await store.defaultVolumeType(project: "p1").name == "__DEFAULT__")
        _ = holder
    }

    /// A project's limits are the default class's with its own over them, per-type keys included.
    @Test(arguments: StoreImplementation.allCases)
    func projectLimitsOverTheDefaultClass(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        try await store.setQuotaClassLimits(className: "default", ["volumes": 7, "gigabytes_gold": 50, "snapshots_gold": 4])
        try await store.setQuotaLimits(project: "p1", ["volumes": 3, "gigabytes_gold": 20])
        let limits = try await store.quotaLimits(project: "p1")
        #expect(limits[.volumes] == 3)
        #expect(limits.classDefaults[.volumes] == 7)
        #expect(limits.limit(.gigabytes, type: "gold") == 20)
        #expect(limits.limit(.snapshots, type: "gold") == 4)
        #expect(try await store.quotaLimits(project: "p2")[.volumes] == 7)
        _ = holder
    }

    /// A page cut by the store (`VolumePage`) is the same slice of the same order as the whole listing:
    /// pages chained by their last id cover every volume once; offset skips; a marker of another
    /// project's volume, or of none, is a 404; the count ignores the page.
    @Test(arguments: StoreImplementation.allCases)
    func storePagesAreSlicesOfTheWholeListing(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        for _ in 0..<7 { _ = try await Self.newVolume(store) }
        let other = try await Self.newVolume(store, project: "p2")
        let all = try await store.volumes(matching: VolumeQuery(projectID: "p1")).map(\.id)
        #expect(all.count == 7)
        var query = VolumeQuery(projectID: "p1")
        var chained: [UUID] = []
        var marker: String?
        repeat {
            query.page = VolumePage(limit: 3, marker: marker)
            let page = try await store.volumes(matching: query).map(\.id)
            #expect(page.count <= 3)
            chained += page
            marker = page.count == 3 ? page.last?.key.uppercased() : nil
        } while marker != nil
        #expect(chained == all)
        query.page = VolumePage(limit: 2, offset: 1, marker: all[1].key)
        #expect(try await store.volumes(matching: query).map(\.id) == Array(all[3...4]))
        #expect(try await store.countVolumes(matching: query) == 7)
        for missing in [other.id.key, UUID().key, "not-an-id"] {
            query.page = VolumePage(limit: 2, marker: missing)
            await #expect(throws: Fault.self) { try await store.volumes(matching: query) }
        }
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func volumesRoundTrip(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.newVolume(store, size: 3)
        let read = try #require(try await store.volume(id: volume.id))
        #expect(read.sizeGB == 3 && read.status == .creating && read.projectID == "p1" && read.host == nil)
        let updated = try #require(try await store.updateVolume(id: volume.id, VolumeUpdate(name: .some("renamed"), metadata: .replace(["k": "v"]))))
        #expect(updated.name == "renamed" && updated.metadata == ["k": "v"])
        #expect(try await store.volumes(matching: VolumeQuery(projectID: "p1")).map(\.id) == [volume.id])
        #expect(try await store.volumes(matching: VolumeQuery(projectID: "p2")).isEmpty)
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func anEventIsACompareAndSwapOnTheStatus(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.newVolume(store)
        #expect(try await store.apply(.deleteRequested, toVolume: volume.id) == false)
        #expect(try await store.apply(.createSucceeded, toVolume: volume.id))
        #expect(try await store.apply(.createSucceeded, toVolume: volume.id) == false)
        #expect(try await store.volume(id: volume.id)?.status == .available)
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func concurrentEventsHaveExactlyOneWinner(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.availableVolume(store)
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 { group.addTask { try await store.apply(.deleteRequested, toVolume: volume.id) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func deletedVolumesDisappearFromReads(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.newVolume(store)
        for event in [VolumeEvent.createSucceeded, .deleteRequested, .deleteSucceeded] { try await store.apply(event, toVolume: volume.id) }
        #expect(try await store.volume(id: volume.id) == nil)
        #expect(try await store.volumes(matching: VolumeQuery(projectID: nil)).isEmpty)
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func aVolumeWithALiveSnapshotIsNotDeleted(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.availableVolume(store)
        let snapshot = try await store.insertSnapshot(
            Snapshot(projectID: "p1", userID: "u1", volumeID: volume.id, name: nil, description: nil, sizeGB: 1, metadata: [:]),
            volumeStatuses: VolumeLifecycle.readable)
        #expect(try await store.apply(.deleteRequested, toVolume: volume.id) == false)
        #expect(try await store.dependents(ofVolume: volume.id).snapshots == 1)
        #expect(try await store.apply(.createSucceeded, toSnapshot: snapshot.id))
        #expect(try await store.apply(.forceDeleteRequested, toSnapshot: snapshot.id))
        #expect(try await store.apply(.deleteSucceeded, toSnapshot: snapshot.id))
        #expect(try await store.apply(.deleteRequested, toVolume: volume.id))
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func attachmentMovesSettleTheVolumesStatus(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.availableVolume(store)
        let attachment = Attachment(volumeID: volume.id, projectID: "p1", instanceID: "vm")
        try await store.insertAttachment(attachment, multiattach: false)
        #expect(try await store.volume(id: volume.id)?.status == .reserved)
        await #expect(throws: Fault.self) {
            try await store.insertAttachment(Attachment(volumeID: volume.id, projectID: "p1", instanceID: "vm2"), multiattach: false)
        }
        #expect(try await store.apply(.completed, toAttachment: attachment.id) { _ in } == false, "complete before export")
        #expect(try await store.apply(.connected, toAttachment: attachment.id) { $0.attachedHost = "h" })
        #expect(try await store.apply(.completed, toAttachment: attachment.id) { _ in })
        #expect(try await store.volume(id: volume.id)?.status == .inUse)
        #expect(try await store.attachment(id: attachment.id)?.attachedHost == "h")
        #expect(try await store.apply(.removed, toAttachment: attachment.id) { _ in })
        #expect(try await store.volume(id: volume.id)?.status == .available)
        #expect(try await store.attachment(id: attachment.id) == nil)
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func concurrentClaimsNeverOvercommitAHost(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        // A host with room for 10 GiB; 30 one-GiB volumes race to claim it.
        let volumes = try await (0..<30).asyncMap { _ in try await Self.newVolume(store) }
        let claimed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for volume in volumes {
                group.addTask { try await store.claimHost(volumeID: volume.id, host: "h1") { $0 + 1 <= 10 } }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(claimed == 10)
        #expect(try await store.allocatedCapacityGB() == ["h1": 10])
        _ = holder
    }

    /// What a scheduler reads to place a volume, in one read: the services and each host's allocation.
    @Test(arguments: StoreImplementation.allCases)
    func placementInputsAreTheServicesAndTheAllocationsReadTogether(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        try await store.registerService(ServiceRecord(host: "h1@file", binary: ServiceRecord.Binary.volume, availabilityZone: "nova"))
        try await store.registerService(ServiceRecord(host: "s1", binary: ServiceRecord.Binary.scheduler, availabilityZone: "nova"))
        try await store.recordHeartbeat(host: "h1@file", binary: ServiceRecord.Binary.volume)
        try await store.recordHeartbeat(host: "s1", binary: ServiceRecord.Binary.scheduler)
        let volume = try await Self.newVolume(store, size: 3)
        #expect(try await store.claimHost(volumeID: volume.id, host: "h1@file#file") { _ in true })
        let inputs = try await store.placementInputs()
        #expect(inputs.allocatedGB == ["h1@file#file": 3])
        #expect(inputs.services.map { "\($0.binary) \($0.host)" } == ["cinder-scheduler s1", "cinder-volume h1@file"])
        #expect(inputs.services.allSatisfy { $0.heartbeatAge != nil && $0.isUp }, "heartbeats judged by the database's clock")
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func aPlacedVolumeIsNotClaimedTwice(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.newVolume(store)
        #expect(try await store.claimHost(volumeID: volume.id, host: "h1") { _ in true })
        #expect(try await store.claimHost(volumeID: volume.id, host: "h2") { _ in true } == false)
        #expect(try await store.volume(id: volume.id)?.host == "h1")
        // Only the claiming host releases it; then another may claim it.
        #expect(try await store.releaseHost(volumeID: volume.id, host: "h2") == false)
        #expect(try await store.releaseHost(volumeID: volume.id, host: "h1"))
        #expect(try await store.claimHost(volumeID: volume.id, host: "h2") { _ in true })
        #expect(try await store.volume(id: volume.id)?.host == "h2")
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func quotaInsertsStopAtTheLimit(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        try await store.setQuotaLimits(project: "q", [.volumes: 2])
        _ = try await Self.newVolume(store, project: "q")
        _ = try await Self.newVolume(store, project: "q")
        let refused = await #expect(throws: Fault.self) { _ = try await Self.newVolume(store, project: "q") }
        #expect(refused?.kind == .overLimit)
        #expect(try await store.quotaUsage(project: "q").volumes == 2)
        try await store.resetQuotaLimits(project: "q")
        #expect(try await store.quotaLimits(project: "q") == QuotaLimits(), "back to the defaults")
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func typeEditsHappenOnTheStoredType(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let type = VolumeType(id: UUID(), name: "gold", description: nil, isPublic: false, extraSpecs: ["a": "1"])
        try await store.insertVolumeType(type)
        await #expect(throws: Fault.self) {
            try await store.insertVolumeType(VolumeType(id: UUID(), name: "gold", description: nil, isPublic: true, extraSpecs: [:]))
        }
        let edited = try await store.updateVolumeType(id: type.id) { $0.extraSpecs["b"] = "2" }
        #expect(edited?.extraSpecs == ["a": "1", "b": "2"])
        await #expect(throws: Fault.self) { _ = try await store.updateVolumeType(id: type.id) { _ in throw Fault.badRequest("no") } }
        #expect(try await store.volumeType("gold")?.extraSpecs == ["a": "1", "b": "2"], "a thrown edit leaves the type")
        #expect(try await store.setTypeAccess(typeID: type.id, project: "p2", granted: true))
        #expect(try await store.setTypeAccess(typeID: type.id, project: "p2", granted: true) == false)
        #expect(try await store.typeAccess(typeID: type.id) == ["p2"])
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func exportAccountsRoundTripPerHost(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.newVolume(store)
        _ = try await store.claimHost(volumeID: volume.id, host: "h1") { _ in true }
        let account = ChapCredentials(username: "user", password: "secret-secret")
        try await store.saveExportCredentials(volumeID: volume.id, account)
        #expect(try await store.exportCredentials(volumeID: volume.id) == account)
        #expect(try await store.exports(onHost: "h1") == [volume.id: account])
        try await store.deleteExportCredentials(volumeID: volume.id)
        #expect(try await store.exportCredentials(volumeID: volume.id) == nil)
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func servicesRegisterOnceAndHeartbeat(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let record = ServiceRecord(host: "h1", binary: ServiceRecord.Binary.volume, availabilityZone: "nova")
        try await store.registerService(record)
        try await store.registerService(record)
        let old = ServiceRecord(host: "h2", binary: ServiceRecord.Binary.volume, availabilityZone: "nova", heartbeatAt: Date(timeIntervalSinceNow: -120))
        try await store.registerService(old)
        try await store.recordHeartbeat(host: "h1", binary: ServiceRecord.Binary.volume)
        let services = try await store.services()
        #expect(services.map(\.host) == ["h1", "h2"])
        // Judged by the database's clock: a fresh beat is up, one of two minutes ago is down.
        let fresh = try #require(services.first?.heartbeatAge)
        #expect(fresh >= 0 && fresh < 5)
        #expect(services[0].isUp)
        #expect(try #require(services.last?.heartbeatAge) > 100)
        #expect(!services[1].isUp)
        #expect(Set(services.compactMap(\.id)).count == 2, "each service has its own number")
        _ = holder
    }

    /// Worker records: one per resource (a later one replaces it), read by host, type and id, and
    /// finished only while they still name the status they were written for.
    @Test(arguments: StoreImplementation.allCases)
    func workerRecordsAreOnePerResourceAndFinishOnlyForTheirStatus(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = UUID()
        let snapshot = UUID()
        try await store.recordWork(.volume(volume, .creating, host: "h1@file#file"))
        try await store.recordWork(.snapshot(snapshot, .deleting, host: "h2@file"))
        try await store.recordWork(.volume(volume, .deleting, host: "h1@file"))
        let all = try await store.work(matching: WorkerQuery())
        #expect(all.count == 2)
        let onH1 = try await store.work(matching: WorkerQuery(host: "h1@file#file"))
        #expect(onH1.map(\.resourceID) == [volume] && onH1.first?.status == "deleting" && onH1.first?.host == "h1@file")
        #expect(onH1.first?.updatedAt != nil)
        #expect(try await store.work(matching: WorkerQuery(resourceType: .snapshot)).map(\.resourceID) == [snapshot])
        #expect(try await store.work(matching: WorkerQuery(resourceID: snapshot)).map(\.host) == ["h2@file"])
        #expect(try await !store.finishWork(.volume, volume, status: "creating"), "a record replaced by later work stays")
        #expect(try await store.finishWork(.volume, volume, status: "deleting"))
        #expect(try await store.work(matching: WorkerQuery(host: "h1@file")).isEmpty)
        _ = holder
    }

    /// Data operations: one row each, rewritten as they progress, listed by project newest first, and
    /// gone a day after they end.
    @Test(arguments: StoreImplementation.allCases)
    func operationsProgressAndEndedOnesExpire(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let started = Date().addingTimeInterval(-10)
        var copy = DataOperation(
            projectID: "p1", resourceType: .volume, resourceID: UUID(), kind: .copy, host: "h1@file", bytesTotal: 100, startedAt: started)
        try await store.recordOperation(copy)
        copy.advance(to: 40, at: started.addingTimeInterval(4))
        try await store.recordOperation(copy)
        let read = try #require(try await store.operation(id: copy.id))
        #expect(read.bytesDone == 40 && read.bytesPerSecond == 10 && read.state == .running && read.secondsLeft == 6)
        #expect(abs(read.startedAt.timeIntervalSince(started)) < 0.001 && read.finishedAt == nil)
        var old = DataOperation(
            projectID: "p2", resourceType: .snapshot, resourceID: UUID(), kind: .wipe, host: "h2@file", bytesTotal: 8,
            startedAt: Date().addingTimeInterval(-3 * 86400))
        old.finish(.failed, at: Date().addingTimeInterval(-2 * 86400))
        try await store.recordOperation(old)
        copy.finish(.succeeded, at: started.addingTimeInterval(5))
        try await store.recordOperation(copy)
        #expect(try await store.operation(id: copy.id)?.state == .succeeded)
        #expect(try await store.operation(id: copy.id)?.bytesDone == 100)
        #expect(try await store.operations(projectID: "p1").map(\.id) == [copy.id])
        #expect(try await store.operations(projectID: "p2").isEmpty, "ended two days ago")
        #expect(try await store.operation(id: old.id) == nil)
        let newer = DataOperation(projectID: "p2", resourceType: .volume, resourceID: UUID(), kind: .revert, host: "h2@file", bytesTotal: 1)
        try await store.recordOperation(newer)
        #expect(try await store.operations(projectID: nil).map(\.id) == [newer.id, copy.id])
        _ = holder
    }

    /// A status change may record the work it leaves a host in its own transaction: only when it moves.
    /// What showing a volume reads, in one transaction: the volume, its type's name and its live
    /// attachments, newest first, of one project or of all.
    @Test(arguments: StoreImplementation.allCases)
    func aVolumesDetailIsItsRowItsTypesNameAndItsAttachments(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.availableVolume(store)
        let first = Attachment(volumeID: volume.id, projectID: "p1", instanceID: "vm1", createdAt: Date(timeIntervalSince1970: 1_000))
        let second = Attachment(volumeID: volume.id, projectID: "p2", instanceID: "vm2", createdAt: Date(timeIntervalSince1970: 2_000))
        try await store.insertAttachment(first, multiattach: true)
        try await store.insertAttachment(second, multiattach: true)
        let detail = try #require(try await store.volumeDetail(id: volume.id, attachmentsOf: nil))
        #expect(detail.volume == (try await store.volume(id: volume.id)))
        #expect(detail.typeName == "__DEFAULT__")
        #expect(detail.attachments.map(\.instanceID) == ["vm2", "vm1"])
        #expect(try await store.volumeDetail(id: volume.id, attachmentsOf: "p1")?.attachments.map(\.id) == [first.id])
        #expect(try await store.volumeDetail(id: UUID(), attachmentsOf: nil) == nil)
        let gone = try await Self.availableVolume(store)
        #expect(try await store.apply(.deleteRequested, toVolume: gone.id))
        #expect(try await store.apply(.deleteSucceeded, toVolume: gone.id))
        #expect(try await store.volumeDetail(id: gone.id, attachmentsOf: nil) == nil, "a deleted volume has no detail")
        _ = holder
    }

    @Test(arguments: StoreImplementation.allCases)
    func aMoveRecordsItsWorkOnlyWhenItHappens(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.availableVolume(store)
        let owed = WorkerRecord.volume(volume.id, .deleting, host: "h1@file")
        #expect(try await !store.apply(.createSucceeded, toVolume: volume.id, recording: owed))
        #expect(try await store.work(matching: WorkerQuery(resourceID: volume.id)).isEmpty, "a refused move records nothing")
        #expect(try await store.apply(.deleteRequested, toVolume: volume.id, recording: owed))
        #expect(try await store.work(matching: WorkerQuery(resourceID: volume.id)).map(\.status) == ["deleting"])
        #expect(try await store.apply(.deleteFailed, toVolume: volume.id))
        #expect(try await store.work(matching: WorkerQuery(resourceID: volume.id)).isEmpty, "the move that ends the work settles it")
        _ = holder
    }

    /// A host's claim records the create it owes, a release forgets it, and the status change that
    /// ends a resource's work removes its record, each in the same transaction.
    @Test(arguments: StoreImplementation.allCases)
    func claimsRecordCreatesAndStatusChangesSettleThem(_ implementation: StoreImplementation) async throws {
        let (store, holder) = try await implementation.make("conformance")
        let volume = try await Self.newVolume(store)
        #expect(try await store.claimHost(volumeID: volume.id, host: "h1@file#file") { _ in true })
        #expect(try await store.work(matching: WorkerQuery(resourceID: volume.id)).map(\.status) == ["creating"])
        #expect(try await store.releaseHost(volumeID: volume.id, host: "h1@file#file"))
        #expect(try await store.work(matching: WorkerQuery()).isEmpty, "a released claim owes nothing")
        #expect(try await store.claimHost(volumeID: volume.id, host: "h2@file#file") { _ in true })
        #expect(try await store.work(matching: WorkerQuery(host: "h2@file")).count == 1)
        #expect(try await store.apply(.createSucceeded, toVolume: volume.id))
        #expect(try await store.work(matching: WorkerQuery()).isEmpty, "the create's record went with its success")

        #expect(try await store.beginExtend(id: volume.id, toSizeGB: 2))
        try await store.recordWork(.volume(volume.id, .extending, host: "h2@file"))
        #expect(try await store.finishExtend(id: volume.id, .extendSucceeded))
        #expect(try await store.work(matching: WorkerQuery()).isEmpty)
        #expect(try await store.apply(.deleteRequested, toVolume: volume.id))
        try await store.recordWork(.volume(volume.id, .deleting, host: "h2@file"))
        #expect(try await !store.apply(.createSucceeded, toVolume: volume.id), "a move that loses keeps the record")
        #expect(try await store.work(matching: WorkerQuery()).count == 1)
        #expect(try await store.apply(.deleteSucceeded, toVolume: volume.id))
        #expect(try await store.work(matching: WorkerQuery()).isEmpty)
        _ = holder
    }
}

@Suite("SQLStore's own schema")
struct SQLiteSchemaTests {
    @Test func migrationsAreVersioned() async throws {
        let (directory, store) = try await SQLStore.scratch("ember-store")
        #expect(
            try await store.appliedMigrations() == [
                "v1-services-volumes-types", "v2-snapshots-quotas-type-access", "v3-attachments-exports", "v4-identity", "v5-revocation-events",
                "v6-cinder-binary-names", "v7-pool-hosts", "v8-service-state", "v9-snapshot-progress", "v10-qos-specs", "v11-transfers", "v12-messages",
                "v13-quota-classes", "v14-type-encryption", "v15-groups", "v16-project-default-types",
                "v17-volume-encryption-keys", "v18-external-names", "v19-system-role-assignments", "v20-workers", "v21-operations",
                "v22-volume-listing-order", "v23-host-allocations",
            ])
        _ = directory
    }

    @Test func aListingPageInTheDefaultOrderReadsAnIndexInsteadOfSortingEveryVolume() async throws {
        let directory = try TemporaryDirectory("ember-store")  // SQLite's plan (the PostgreSQL runs use the same indexes)
        let store = try SQLStore(sqlitePath: directory.path + "/ember.sqlite")
        try await store.migrate()
        for (condition, arguments) in [("deleted = 0 AND project_id = ?", ["p1"]), ("deleted = 0", [])] {
            let plan = try await store.database.read { db in
                try db.rows(
                    sql: "EXPLAIN QUERY PLAN SELECT * FROM volumes WHERE \(condition) ORDER BY created_at DESC, id DESC LIMIT 100",
                    arguments: SQLArguments(arguments)
                ).map { row -> String in row[3] }
            }
            #expect(plan.contains { $0.contains("INDEX volumes_") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        }
        _ = directory
    }

    @Test func servicesAnOlderReleaseRegisteredTakeCindersBinaryNames() async throws {
        let directory = try TemporaryDirectory("ember-store")
        let path = directory.path + "/ember.sqlite"
        let store = try SQLStore(sqlitePath: path)
        try await store.migrate()
        try await store.database.write { db in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v6-cinder-binary-names'")
            try db.execute(sql: "INSERT INTO services (host, binary, availability_zone, disabled, created_at) VALUES ('h', 'ember-volume', 'nova', 0, 0)")
        }
        try await store.migrate()
        #expect(try await store.services().map(\.binary) == [ServiceRecord.Binary.volume])
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
