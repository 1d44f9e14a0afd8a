import EmberModel
import EmberStore
import Foundation
import Logging

/// Groups and group snapshots between the routes and the store. A group's volumes and a group
/// snapshot's snapshots are made and removed through the volume and snapshot services, one by one;
/// the group's or group snapshot's status then follows its members' (settled when read).
struct GroupAPI: Sendable {
    let volumes: VolumeAPI
    let snapshots: SnapshotAPI
    var store: any Store { volumes.store }

    /// The live volumes of a group.
    func members(of group: VolumeGroup) async throws -> [Volume] {
        try await store.volumes(matching: VolumeQuery(projectID: group.projectID)).filter { $0.groupID == group.id }
    }

    /// The live snapshots of a group snapshot.
    func members(of snapshot: GroupSnapshot) async throws -> [Snapshot] {
        try await store.snapshots(matching: SnapshotQuery(projectID: nil)).filter { $0.groupSnapshotID == snapshot.id }
    }

    /// A group made from a group snapshot or another group: `creating`, with a volume made from each
    /// snapshot or volume of the source, of the same type, in the new group.
    func createFromSource(
        _ base: VolumeGroup, snapshot: GroupSnapshot?, sourceGroup: VolumeGroup?, caller: CallContext, logger: Logger
    ) async throws -> VolumeGroup {
        var group = base
        group.status = .creating
        group.awaitingMembers = true
        try await store.insertGroup(group)
        let sources: [(String, String)] =
            if let snapshot {
                try await members(of: snapshot).map { ("snapshot_id", $0.id.key) }
            } else if let sourceGroup {
                try await members(of: sourceGroup).map { ("source_volid", $0.id.key) }
            } else { [] }
        for (key, id) in sources {
            var input = try VolumeCreateRequest([key: .string(id)])
            input.groupID = group.id.key
            _ = try await volumes.create(input, caller: caller, logger: logger)
        }
        return try await settled(group)
    }

    /// A group in `creating` becomes available once its volumes are, or error when one failed.
    func settled(_ group: VolumeGroup) async throws -> VolumeGroup {
        guard group.awaitingMembers, group.status == .creating else { return group }
        let status = GroupStatus.settled(
            group.status, members: try await members(of: group).map(\.status.rawValue), arrived: "available", failed: ["error"])
        guard status != group.status, try await store.setGroupStatus(id: group.id, from: [.creating], to: status, snapshot: false, awaiting: false) else {
            return group
        }
        var settled = group
        settled.status = status
        return settled
    }

    /// Deletes a group, and its volumes when asked (refused, changing nothing, while it has volumes otherwise).
    func delete(_ group: VolumeGroup, deleteVolumes: Bool, caller: CallContext, logger: Logger) async throws {
        let volumes = try await members(of: group)
        guard deleteVolumes || volumes.isEmpty else {
            throw Fault.badRequest("Invalid group: Group \(group.id.key) still contains volumes. The delete-volumes flag is required to delete it.")
        }
        guard try await store.setGroupStatus(id: group.id, from: [.available, .error], to: .deleting, snapshot: false, awaiting: false) else {
            throw Fault.badRequest("Invalid group: Group status must be available or error, but current status is: \(group.status.rawValue).")
        }
        for volume in volumes { try await self.volumes.delete(volume, force: false, caller: caller, logger: logger) }
        _ = try await store.setGroupStatus(id: group.id, from: [.deleting], to: .deleted, snapshot: false, awaiting: false)
    }

    /// Snapshots every volume of an available group, all of which must be available.
    func snapshot(_ group: VolumeGroup, name: String?, description: String?, caller: CallContext, logger: Logger) async throws -> GroupSnapshot {
        guard group.status == .available else {
            throw Fault.badRequest("Invalid group: Group \(group.id.key) status must be available, but current status is: \(group.status.rawValue).")
        }
        let volumes = try await members(of: group)
        if let busy = volumes.first(where: { $0.status != .available }) {
            throw Fault.badRequest("Invalid volume: Volume \(busy.id.key) status must be available, but current status is: \(busy.status.rawValue).")
        }
        let groupSnapshot = GroupSnapshot(
            projectID: group.projectID, groupID: group.id, groupTypeID: group.groupTypeID, name: name, description: description)
        try await store.insertGroupSnapshot(groupSnapshot)
        for volume in volumes {
            let input = try SnapshotCreateRequest(["volume_id": .string(volume.id.key), "name": .optional(name)])
            _ = try await snapshots.create(input, of: volume, groupSnapshot: groupSnapshot.id, caller: caller, logger: logger)
        }
        return try await settled(groupSnapshot)
    }

    /// A group snapshot in `creating` becomes available once its snapshots are; one in `deleting` is
    /// gone once they are.
    func settled(_ snapshot: GroupSnapshot) async throws -> GroupSnapshot {
        guard snapshot.awaitingMembers, [.creating, .deleting].contains(snapshot.status) else { return snapshot }
        let members = try await members(of: snapshot).map(\.status.rawValue)
        let status = GroupStatus.settled(
            snapshot.status, members: members, arrived: snapshot.status == .deleting ? "deleted" : "available",
            failed: ["error", "error_deleting"])
        guard status != snapshot.status, try await store.setGroupStatus(id: snapshot.id, from: [snapshot.status], to: status, snapshot: true, awaiting: false)
        else {
            return snapshot
        }
        var settled = snapshot
        settled.status = status
        return settled
    }

    /// Deletes a group snapshot's snapshots; it is gone once they are.
    func delete(_ snapshot: GroupSnapshot, caller: CallContext, logger: Logger) async throws {
        guard try await store.setGroupStatus(id: snapshot.id, from: [.available, .error], to: .deleting, snapshot: true, awaiting: true) else {
            throw Fault.badRequest(
                "Invalid group snapshot: Group snapshot status must be available or error, but current status is: \(snapshot.status.rawValue).")
        }
        for member in try await members(of: snapshot) {
            try await snapshots.delete(member, force: false, caller: caller, logger: logger)
        }
        var deleting = snapshot
        deleting.status = .deleting
        deleting.awaitingMembers = true
        _ = try await settled(deleting)
    }
}
