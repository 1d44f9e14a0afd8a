import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberModel
@testable import EmberRPC
@testable import EmberTestSupport
@testable import EmberVolume

/// Attachment records and the volume statuses they drive, through the store and the router (the
/// export itself is tested end to end with tgtd in Tests/compat/test_iscsi.py).
@Suite("Attachments and the volume statuses they drive")
struct AttachmentTests {
    @Test func volumeStatusFollowsItsAttachments() {
        #expect(AttachmentLifecycle.volumeStatus(for: []) == .available)
        #expect(AttachmentLifecycle.volumeStatus(for: [.reserved]) == .reserved)
        #expect(AttachmentLifecycle.volumeStatus(for: [.reserved, .attaching]) == .attaching)
        #expect(AttachmentLifecycle.volumeStatus(for: [.detaching, .attached]) == .inUse)
        #expect(AttachmentLifecycle.reservable(multiattach: false) == [.available])
        #expect(AttachmentLifecycle.reservable(multiattach: true).contains(.inUse))
    }

    @Test func fiftyConcurrentReservationsOfOneVolumeHaveOneWinner() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<50 {
                        group.addTask {
                            try await client.send(.post, "/v3/p1/attachments", json: #"{"attachment": {"volume_uuid": "\#(id.key)"}}"#, version: "volume 3.60")
                                .status.code
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(codes.filter { $0 == 200 }.count == 1)
                #expect(codes.filter { $0 == 400 }.count == 49)
                #expect(try await cluster.store.attachments(projectID: "p1", volumeID: id).count == 1)
                #expect(try await cluster.store.volume(id: id)?.status == .reserved)
            }
        }
    }

    @Test func legacyActionsWalkTheVolumeThroughAttachAndDetach() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let id = try await client.createVolume()
                try await cluster.waitFor(id, .available)
                let action = "/v3/p1/volumes/\(id.key)/action"
                func status() async throws -> VolumeStatus? { try await cluster.store.volume(id: id)?.status }
                #expect(try await client.send(.post, action, json: #"{"os-reserve": null}"#).status == .accepted)
                #expect(try await status() == .reserved)
                #expect(try await client.send(.post, action, json: #"{"os-reserve": null}"#).status == .badRequest)
                let server = UUID().uuidString
                #expect(
                    try await client.send(.post, action, json: #"{"os-attach": {"instance_uuid": "\#(server)", "mountpoint": "/dev/vdb"}}"#).status
                        == .accepted)
                #expect(try await status() == .inUse)
                let plain = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(id.key)"}}"#)
                #expect(plain.status == .badRequest)
                let forced = try await client.send(.post, "/v3/p1/snapshots", json: #"{"snapshot": {"volume_id": "\#(id.key)", "force": true}}"#)
                #expect(forced.status == .accepted)
                let shown = try await client.send(.get, "/v3/p1/volumes/\(id.key)").json["volume"]?["attachments"]?[0]
                #expect(shown?["server_id"] == .string(server) && shown?["device"] == "/dev/vdb")
                #expect(try await client.send(.delete, "/v3/p1/volumes/\(id.key)").status == .badRequest)
                #expect(try await client.send(.post, action, json: #"{"os-begin_detaching": null}"#).status == .accepted)
                #expect(try await status() == .detaching)
                #expect(try await client.send(.post, action, json: #"{"os-roll_detaching": null}"#).status == .accepted)
                #expect(try await status() == .inUse)
                #expect(try await client.send(.post, action, json: #"{"os-detach": {}}"#).status == .accepted)
                #expect(try await status() == .available)
                #expect(try await client.send(.post, action, json: #"{"os-reserve": null}"#).status == .accepted)
                #expect(try await client.send(.post, action, json: #"{"os-unreserve": null}"#).status == .accepted)
                #expect(try await status() == .available)
                // Without --iscsi the host exports nothing, and says so; nothing changes.
                let attach = try await client.send(
                    .post, "/v3/p1/attachments",
                    json: #"{"attachment": {"volume_uuid": "\#(id.key)", "connector": {"initiator": "iqn.1994-05.com.example:a"}}}"#, version: "volume 3.60")
                #expect(attach.status == .badRequest && attach.fault?.message.contains("--iscsi") == true)
                #expect(
                    try await client.send(.post, "/v3/p1/attachments", json: #"{"attachment": {"volume_uuid": "\#(id.key)"}}"#, version: "volume 3.26").status
                        == .notFound)
            }
        }
    }

    @Test func tgtShowOutputIsParsedIntoTargetIDs() {
        let output = """
            Target 1: iqn.2010-10.org.openstack:volume-7d4c2a4e-0b1f-4d55-9c3e-2f6a7f8e0001
                System information:
            Target 12: iqn.2010-10.org.openstack:volume-7d4c2a4e-0b1f-4d55-9c3e-2f6a7f8e0002
            """
        #expect(
            TgtTargetHelper.parseTargets(output) == [
                "iqn.2010-10.org.openstack:volume-7d4c2a4e-0b1f-4d55-9c3e-2f6a7f8e0001": 1,
                "iqn.2010-10.org.openstack:volume-7d4c2a4e-0b1f-4d55-9c3e-2f6a7f8e0002": 12,
            ])
        #expect(Connector.validInitiator("iqn.1994-05.com.redhat:abc-1"))
        #expect(!Connector.validInitiator("iqn.x; rm -rf /"))
        #expect(!Connector.validInitiator("--password"))
        #expect(Command("tgtadm", ["--password", "s3cret"], secrets: ["s3cret"]).display == "tgtadm --password ***")
    }
}
