import DataPath
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberModel
@testable import EmberTestSupport

/// Snapshots, volumes copied from snapshots and volumes, and extend, end to end through the router,
/// the scheduler, the volume service and the file driver.
@Suite("Snapshots, clones and extend")
struct SnapshotAPITests {
    /// Writes 1 MiB of seeded data at `offset` of a volume's file and returns the file's checksum.
    /// The checksum runs on a thread of its own: hashing a gigabyte holds its thread for seconds.
    static func fill(_ path: String, offset: UInt64, seed: UInt8) async throws -> UInt64 {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }))
        try handle.close()
        return try await checksum(path)
    }

    static func checksum(_ path: String, length: UInt64 = GiB.bytes) async throws -> UInt64 {
        try await Background.run(CancellationFlag()) { try Checksum.of(Device(path: path, writable: false), length: length) }
    }

    func waitForSnapshot(_ cluster: TestCluster, _ id: String, _ status: SnapshotStatus) async throws {
        try await cluster.waitFor(snapshot: try #require(UUID(key: id)), status)
    }

    @Test func aVolumeFromASnapshotHoldsTheContentAtSnapshotTime() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let source = try await client.createVolume(size: 1)
                try await cluster.waitFor(source, .available)
                let sourcePath = cluster.driver.wrapped.path(of: source)
                let original = try await Self.fill(sourcePath, offset: 5 << 20, seed: 1)

                let created = try await client.send(
                    .post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(source.key)", "name": "s1", "metadata": {"k": "v"}}}"#)
                #expect(created.status == .accepted)
                let snapshot = try #require(created.json["snapshot"]?["id"]?.stringValue)
                #expect(created.json["snapshot"]?["size"] == 1 && created.json["snapshot"]?["status"] == "creating")
                try await waitForSnapshot(cluster, snapshot, .available)
                let changed = try await Self.fill(sourcePath, offset: 5 << 20, seed: 2)
                #expect(changed != original)

                let fromSnapshot = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"snapshot_id": "\#(snapshot)", "size": 2}}"#)
                #expect(fromSnapshot.status == .accepted)
                #expect(fromSnapshot.json["volume"]?["snapshot_id"] == .string(snapshot))
                let copy = try #require(UUID(key: fromSnapshot.json["volume"]?["id"]?.stringValue ?? ""))
                try await cluster.waitFor(copy, .available)
                let copyPath = cluster.driver.wrapped.path(of: copy)
                #expect(try SparseFile.size(of: copyPath) == 2 * GiB.bytes)
                #expect(try await Self.checksum(copyPath) == original)

                let fromVolume = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"source_volid": "\#(source.key)"}}"#)
                #expect(fromVolume.status == .accepted && fromVolume.json["volume"]?["size"] == 1)
                let clone = try #require(UUID(key: fromVolume.json["volume"]?["id"]?.stringValue ?? ""))
                try await cluster.waitFor(clone, .available)
                #expect(try await Self.checksum(cluster.driver.wrapped.path(of: clone)) == changed)
            }
        }
    }

    @Test func dependentsBlockDeletesUntilTheyAreGone() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume()
                try await cluster.waitFor(volume, .available)
                let snapshot = try #require(
                    try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(volume.key)"}}"#).json["snapshot"]?["id"]?
                        .stringValue)
                try await waitForSnapshot(cluster, snapshot, .available)
                let refused = try await client.send(.delete, "/v3/p1/volumes/\(volume.key)")
                #expect(refused.status == .badRequest)
                #expect(refused.fault?.message == "Invalid volume: Volume still has 1 dependent snapshots.")
                let small = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"snapshot_id": "\#(snapshot)", "size": 1}}"#)
                #expect(small.status == .accepted)
                try await cluster.waitFor(try #require(UUID(key: small.json["volume"]?["id"]?.stringValue ?? "")), .available)
                #expect(try await client.send(.delete, "/v3/p1/snapshots/\(snapshot)").status == .accepted)
                try await waitForSnapshot(cluster, snapshot, .deleted)
                #expect(try cluster.driver.existingSnapshots().isEmpty)
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(volume.key)").status == .accepted)
                try await cluster.waitFor(volume, .deleted)
            }
        }
    }

    @Test func sourcesInTheWrongStatusOrSizeAreRefused() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume(size: 2)
                try await cluster.waitFor(volume, .available)
                let tooSmall = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"source_volid": "\#(volume.key)", "size": 1}}"#)
                #expect(tooSmall.status == .badRequest)
                #expect(tooSmall.fault?.message.contains("cannot be smaller than original volume size 2GB") == true)
                _ = try await client.send(.post, "/v3/p1/volumes/\(volume.key)/action", json: #"{"os-reset_status": {"status": "error"}}"#, roles: "admin")
                let fromError = try await client.send(.post, "/v3/p1/volumes", json: #"{"volume": {"source_volid": "\#(volume.key)"}}"#)
                #expect(fromError.status == .badRequest)
                #expect(fromError.fault?.message == "Invalid volume: Source volume status must be available, but current status is: error.")
                let snapshotOfError = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(volume.key)"}}"#)
                #expect(snapshotOfError.status == .badRequest)
                let foreign = try await client.send(.post, "/v3/p9/snapshots", json: #"{"snapshot": {"volume_id": "\#(volume.key)"}}"#, token: "u9:p9")
                #expect(foreign.status == .notFound)
                #expect(try await cluster.store.volumes(matching: VolumeQuery(projectID: nil)).count == 1)
            }
        }
    }

    @Test func extendGrowsTheFileAndChecksQuotaAndCapacity() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume(size: 1)
                try await cluster.waitFor(volume, .available)
                let path = cluster.driver.wrapped.path(of: volume)
                let content = try await Self.fill(path, offset: 0, seed: 3)
                let extended = try await client.send(.post, "/v3/p1/volumes/\(volume.key)/action", json: #"{"os-extend": {"new_size": 3}}"#)
                #expect(extended.status == .accepted)
                try await cluster.waitFor(volume, .available)
                #expect(try await cluster.store.volume(id: volume)?.sizeGB == 3)
                #expect(try SparseFile.size(of: path) == 3 * GiB.bytes)
                #expect(try await Self.checksum(path) == content)

                let shrink = try await client.send(.post, "/v3/p1/volumes/\(volume.key)/action", json: #"{"os-extend": {"new_size": 2}}"#)
                #expect(shrink.status == .badRequest)
                // No host has room for a million GiB: the scheduler sends it back to available, size kept.
                let huge = try await client.send(.post, "/v3/p1/volumes/\(volume.key)/action", json: #"{"os-extend": {"new_size": 100000000}}"#)
                #expect(huge.status == .accepted)
                try await Task.sleep(for: .milliseconds(200))
                try await cluster.waitFor(volume, .available)
                #expect(try await cluster.store.volume(id: volume).map { ($0.sizeGB, $0.extendSizeGB) }! == (3, nil))

                try await cluster.store.setQuotaLimits(project: "p1", [.gigabytes: 4])
                let overQuota = try await client.send(.post, "/v3/p1/volumes/\(volume.key)/action", json: #"{"os-extend": {"new_size": 5}}"#)
                #expect(overQuota.status.code == 413)
                #expect(overQuota.fault?.message.contains("exceeds allowed gigabytes quota") == true)
                #expect(try await cluster.store.volume(id: volume)?.status == .available)
            }
        }
    }
}
