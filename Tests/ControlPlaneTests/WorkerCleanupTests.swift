import EmberStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import EmberAPI
@testable import EmberModel
@testable import EmberSQLStore
@testable import EmberTestSupport
@testable import EmberVolume

/// Worker records and `POST /workers/cleanup` (3.24), as Cinder 29's: the work a volume service owes
/// is recorded before its cast and removed when it is done; a restart resumes what the records name;
/// an admin asks services to clean up, and a volume service that is down is unavailable.
@Suite("Worker records and POST /workers/cleanup")
struct WorkerCleanupTests {
    static let version = "volume 3.24"

    @Test func cleanupIsAnAdminActionFrom324WithCindersSchema() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let path = "/v3/p1/workers/cleanup"
                #expect(try await client.send(.post, path, json: "{}", roles: "admin", version: "volume 3.23").status == .notFound)
                #expect(try await client.send(.post, path, json: "{}", roles: "member", version: Self.version).status == .forbidden)
                for body in [
                    #"{"nope": 1}"#, #"{"binary": "cinder-api"}"#, #"{"resource_type": "backup"}"#, #"{"is_up": "maybe"}"#,
                    #"{"resource_id": "not-a-uuid"}"#, #"{"host": "a b"}"#, #"{"service_id": "12x"}"#,
                ] {
                    let answer = try await client.send(.post, path, json: body, roles: "admin", version: Self.version)
                    #expect(answer.status == .badRequest, "\(body)")
                    #expect(answer.fault?.name == "badRequest", "\(body)")
                }
                let unknown = try await client.send(
                    .post, path, json: #"{"resource_id": "\#(UUID().uuidString)"}"#, roles: "admin", version: Self.version)
                #expect(unknown.status == .badRequest && unknown.fault?.message.contains("pending cleanup") == true)
                let undashed = try await client.send(
                    .post, path, json: #"{"resource_id": "\#(UUID().key.replacingOccurrences(of: "-", with: ""))"}"#, roles: "admin",
                    version: Self.version)
                #expect(undashed.status == .badRequest && undashed.fault?.message.contains("pending cleanup") == true)
            }
        }
    }

    /// By default only services that are down are named; with `is_up` the ones that are up, each
    /// shown as Cinder's view (id, host, binary, cluster_name) and no more.
    @Test func upServicesAreCleaningAndADownVolumeServiceIsUnavailable() async throws {
        try await TestCluster.run { cluster in
            try await cluster.store.registerService(
                ServiceRecord(host: "dead@file", binary: ServiceRecord.Binary.volume, availabilityZone: "nova", heartbeatAt: Date(timeIntervalSinceNow: -120)))
            try await Application(router: cluster.api.router()).test(.router) { client in
                let path = "/v3/p1/workers/cleanup"
                let byDefault = try await client.send(.post, path, roles: "admin", version: Self.version)
                #expect(byDefault.status == .accepted)
                #expect(byDefault.json["cleaning"]?.arrayValue?.isEmpty == true)
                let unavailable = try #require(byDefault.json["unavailable"]?.arrayValue)
                #expect(unavailable.map { $0["host"]?.stringValue } == ["dead@file"])
                #expect(unavailable.first?.objectValue?.keys.sorted() == ["binary", "cluster_name", "host", "id"])
                if case .int? = unavailable.first?["id"] {} else { Issue.record("a service's id is an integer") }
                #expect(unavailable.first?["cluster_name"] == .null)

                let up = try await client.send(.post, path, json: #"{"is_up": "true"}"#, roles: "admin", version: Self.version)
                #expect(up.status == .accepted)
                let cleaning = up.json["cleaning"]?.arrayValue?.map { "\($0["binary"]?.stringValue ?? "") \($0["host"]?.stringValue ?? "")" }
                #expect(cleaning?.sorted() == ["cinder-scheduler test@file", "cinder-volume test@file"])
                #expect(up.json["unavailable"]?.arrayValue?.isEmpty == true)

                let scheduler = try await client.send(
                    .post, path, json: #"{"is_up": true, "binary": "cinder-scheduler"}"#, roles: "admin", version: Self.version)
                #expect(scheduler.json["cleaning"]?.arrayValue?.map { $0["binary"]?.stringValue } == ["cinder-scheduler"])
            }
        }
    }

    /// Every cast to a volume service is recorded, and the record goes when the work is done.
    @Test func theWorkOfAnOrdinaryLifeLeavesNoRecord() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let snapshot = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(id.key)"}}"#)
                let snapshotID = try #require(snapshot.json["snapshot"]?["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
                try await cluster.waitFor(snapshot: snapshotID, .available)
                #expect(try await client.send(.delete, "/v3/p1/snapshots/\(snapshotID.key)").status == .accepted)
                try await cluster.waitFor(snapshot: snapshotID, .deleted)
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)").status == .accepted)
                try await cluster.waitFor(id, .deleted)
                #expect(try await cluster.store.work(matching: WorkerQuery()).isEmpty)
            }
        }
    }

    /// A delete whose message was lost (recorded, never delivered) stays deleting until an admin's
    /// cleanup names it: the volume service that owes it resumes it.
    @Test func aCleanupResumesWorkWhoseMessageWasLost() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let host = try #require(try await cluster.store.volume(id: id)?.host)
                #expect(try await cluster.store.apply(.deleteRequested, toVolume: id))
                try await cluster.store.recordWork(.volume(id, .deleting, host: host))
                try await Task.sleep(for: .milliseconds(200))
                #expect(try await cluster.store.volume(id: id)?.status == .deleting, "nothing runs without the message")

                let answer = try await client.send(
                    .post, "/v3/p1/workers/cleanup", json: #"{"is_up": true, "resource_id": "\#(id.key)"}"#, roles: "admin", version: Self.version)
                #expect(answer.status == .accepted)
                #expect(answer.json["cleaning"]?.arrayValue?.map { $0["host"]?.stringValue } == ["test@file"])
                try await cluster.waitFor(id, .deleted)
                #expect(try await cluster.store.work(matching: WorkerQuery()).isEmpty)
                #expect(try cluster.driver.existingVolumes().isEmpty)
            }
        }
    }

    /// At start a volume service resumes what its records name and removes the stale ones (their
    /// resource moved on) before it consumes; another host's records are not its own.
    @Test func aRestartResumesRecordedWorkAndDropsStaleRecords() async throws {
        let ids = Mutex<[String: UUID]>([:])
        let seed: @Sendable (SQLStore) async throws -> Void = { store in
            let creating = try await store.placedVolume(host: "test@file#file", .creating)
            try await store.recordWork(.volume(creating.id, .creating, host: "test@file"))
            let settled = try await store.placedVolume(host: "test@file#file", .available)
            try await store.recordWork(.volume(settled.id, .extending, host: "test@file"))
            let elsewhere = try await store.placedVolume(host: "other@file#file", .deleting)
            try await store.recordWork(.volume(elsewhere.id, .deleting, host: "other@file"))
            ids.withLock { $0 = ["creating": creating.id, "settled": settled.id, "elsewhere": elsewhere.id] }
        }
        try await TestCluster.run(seed: seed) { cluster in
            let seeded = ids.withLock { $0 }
            #expect(try await cluster.store.volume(id: seeded["creating"]!)?.status == .available)
            #expect(try await cluster.store.volume(id: seeded["settled"]!)?.status == .available)
            let left = try await cluster.store.work(matching: WorkerQuery())
            #expect(left.map(\.resourceID) == [seeded["elsewhere"]!], "only the other host's record is left")
        }
    }
}
