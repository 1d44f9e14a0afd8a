import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberModel
@testable import EmberScheduler
@testable import EmberTestSupport

@Suite("Backend failures end in error statuses, never half-done")
struct FailureTests {
    @Test func aCreateTheBackendRefusesEndsInError() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volumes = cluster.directory.path + "/volumes"
                try FileManager.default.removeItem(atPath: volumes)
                #expect(FileManager.default.createFile(atPath: volumes, contents: Data("not a directory".utf8)))
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .error)
                let shown = try await client.send(.get, "/v3/p1/volumes/\(id.key)")
                #expect(shown.json["volume"]?["status"] == "error")
            }
        }
    }

    /// A host that still has a fresh capability report but whose heartbeat stopped two minutes ago
    /// (by the database's clock) is down: the scheduler passes it over, though it has the most room.
    @Test func aHostWhoseHeartbeatStoppedGetsNoVolume() async throws {
        try await TestCluster.run { cluster in
            try await cluster.store.registerService(
                ServiceRecord(host: "dead@file", binary: ServiceRecord.Binary.volume, availabilityZone: "nova", heartbeatAt: Date(timeIntervalSinceNow: -120)))
            await cluster.scheduler.hosts.record(
                HostCapabilities(
                    host: "dead@file", availabilityZone: "nova", backendName: "file", totalCapacityGB: 1_000_000, freeCapacityGB: 1_000_000,
                    thinProvisioning: true))
            try await Application(router: cluster.api.router()).test(.router) { client in
                let shown = try await client.send(.get, "/v3/p1/os-services?binary=cinder-volume", roles: "admin")
                let states = shown.json["services"]?.arrayValue?.map { "\($0["host"]?.stringValue ?? "")=\($0["state"]?.stringValue ?? "")" }
                #expect(states?.sorted() == ["dead@file=down", "test@file=up"])
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                #expect(try await cluster.store.volume(id: id)?.host?.hasPrefix("test@file") == true)
            }
        }
    }

    /// A volume left creating on a host that has been down for two minutes goes to error at the
    /// scheduler's next sweep; one creating on a host that is up is left to it.
    @Test func aVolumeCreatingOnADownHostGoesToError() async throws {
        try await TestCluster.run { cluster in
            let store = cluster.store
            try await store.registerService(
                ServiceRecord(host: "dead@file", binary: ServiceRecord.Binary.volume, availabilityZone: "nova", heartbeatAt: Date(timeIntervalSinceNow: -120)))
            let type = try await store.defaultVolumeType().id
            var placed: [String: UUID] = [:]
            for host in ["dead@file#file", "test@file#file"] {
                let volume = try await store.insertVolume(
                    Volume(projectID: "p1", userID: "u1", name: "v", description: nil, sizeGB: 1, availabilityZone: "nova", volumeTypeID: type),
                    sizeGiven: true)
                #expect(try await store.claimHost(volumeID: volume.id, host: host) { _ in true })
                placed[host] = volume.id
            }
            await cluster.scheduler.failCreatesOnDownHosts()
            #expect(try await store.volume(id: placed["dead@file#file"]!)?.status == .error)
            #expect(try await store.volume(id: placed["test@file#file"]!)?.status == .creating)
        }
    }

    /// A host that is up by its heartbeat but consumes nothing (its process gone from the bus) refuses
    /// the create's cast: the scheduler releases its claim and the next host gets the volume.
    @Test func aCreateTheChosenHostCannotTakeIsRetriedOnTheNextHost() async throws {
        try await TestCluster.run { cluster in
            try await cluster.store.registerService(ServiceRecord(host: "gone@file", binary: ServiceRecord.Binary.volume, availabilityZone: "nova"))
            await cluster.scheduler.hosts.record(
                HostCapabilities(
                    host: "gone@file", availabilityZone: "nova", backendName: "file", totalCapacityGB: 1_000_000, freeCapacityGB: 1_000_000,
                    thinProvisioning: true))
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                #expect(try await cluster.store.volume(id: id)?.host?.hasPrefix("test@file") == true)
            }
        }
    }

    @Test func aDeleteTheBackendRefusesEndsInErrorDeletingAndCanBeRetried() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                // Replace the backing file with a non-empty directory: unlink(2) then fails with EISDIR.
                let path = cluster.driver.wrapped.path(of: id)
                try FileManager.default.removeItem(atPath: path)
                try FileManager.default.createDirectory(atPath: path + "/blocker", withIntermediateDirectories: true)
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)").status == .accepted)
                try await cluster.waitFor(id, .errorDeleting)

                try FileManager.default.removeItem(atPath: path)
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)").status == .accepted)
                try await cluster.waitFor(id, .deleted)
            }
        }
    }
}
