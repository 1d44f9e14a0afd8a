import Foundation
import Testing

@testable import EmberModel
@testable import EmberSQLStore
@testable import EmberSQLite
@testable import EmberTestSupport

/// A copy's size is its source's as read in the insert's transaction: an extend that finishes between
/// the API's look at the source and the insert must not leave a clone or a snapshot too small.
@Suite("Copy sizes are read inside the insert's transaction")
struct CopySizeTests {
    let directory: StoreHolder
    let store: SQLStore

    init() async throws {
        (directory, store) = try await SQLStore.scratch("ember-copy-size")
    }

    /// An available 1 GiB volume, then extended to 3 GiB: the state after an extend the API did not see.
    func extendedSource() async throws -> Volume {
        let source = try await store.placedVolume(host: "h@file", .available)
        #expect(try await store.beginExtend(id: source.id, toSizeGB: 3))
        #expect(try await store.finishExtend(id: source.id, .extendSucceeded))
        return source
    }

    func clone(of source: Volume, sizeGB: Int) -> Volume {
        Volume(
            projectID: "p", userID: "u", name: nil, description: nil, sizeGB: sizeGB, availabilityZone: "nova",
            volumeTypeID: source.volumeTypeID, sourceVolumeID: source.id)
    }

    @Test func aCloneWithoutASizeTakesTheSourcesCurrentSize() async throws {
        let source = try await extendedSource()
        let stored = try await store.insertVolume(clone(of: source, sizeGB: 1), sizeGiven: false)
        #expect(stored.sizeGB == 3)
        #expect(try await store.volume(id: stored.id)?.sizeGB == 3)
        #expect(try await store.quotaUsage(project: "p").gigabytes == 6)
    }

    @Test func aCloneSmallerThanTheSourcesCurrentSizeIsRefused() async throws {
        let source = try await extendedSource()
        await #expect(throws: Fault.self) { try await store.insertVolume(clone(of: source, sizeGB: 2), sizeGiven: true) }
        #expect(try await store.volumes(matching: VolumeQuery(projectID: "p")).count == 1, "nothing half-created")
    }

    @Test func aSnapshotTakesItsVolumesCurrentSize() async throws {
        let source = try await extendedSource()
        let snapshot = Snapshot(projectID: "p", userID: "u", volumeID: source.id, name: nil, description: nil, sizeGB: 1)
        let stored = try await store.insertSnapshot(snapshot, volumeStatuses: [.available])
        #expect(stored.sizeGB == 3)
        #expect(try await store.snapshot(id: snapshot.id)?.sizeGB == 3)
    }
}
