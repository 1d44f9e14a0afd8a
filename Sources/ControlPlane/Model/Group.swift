package import Foundation

/// A group type (3.11): a named set of group specs, as a volume type is for volumes.
package struct GroupType: Sendable, Equatable {
    package var id: UUID
    package var name: String
    package var description: String?
    package var isPublic: Bool
    package var groupSpecs: [String: String]

    package init(id: UUID = UUID.random(), name: String, description: String?, isPublic: Bool = true, groupSpecs: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.description = description
        self.isPublic = isPublic
        self.groupSpecs = groupSpecs
    }
}

/// The statuses of groups and group snapshots, spelled as Cinder spells them.
package enum GroupStatus: String, Sendable, CaseIterable {
    case creating, available, updating, deleting, deleted, error
    case errorDeleting = "error_deleting"
}

/// A generic volume group (3.13): volumes of the group's volume types, snapshotted together. Ember's
/// backends have no consistency groups, so a group is a grouping in the database, as Cinder's generic
/// group implementation makes it; a group made from a source is `creating` until its volumes are made.
package struct VolumeGroup: Sendable, Equatable {
    package var id: UUID
    package var projectID: String
    package var userID: String
    package var name: String?
    package var description: String?
    package var status: GroupStatus
    package var availabilityZone: String
    package var groupTypeID: UUID
    package var volumeTypeIDs: [UUID]
    package var groupSnapshotID: UUID?
    package var sourceGroupID: UUID?
    package var createdAt: Date
    /// Set while the status is to follow the members' (a group made from a source, being created);
    /// cleared when it has, or when an admin resets the status.
    package var awaitingMembers = false

    package init(
        id: UUID = UUID.random(), projectID: String, userID: String, name: String?, description: String?, status: GroupStatus = .available,
        availabilityZone: String, groupTypeID: UUID, volumeTypeIDs: [UUID], groupSnapshotID: UUID? = nil, sourceGroupID: UUID? = nil,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.projectID = projectID
        self.userID = userID
        self.name = name
        self.description = description
        self.status = status
        self.availabilityZone = availabilityZone
        self.groupTypeID = groupTypeID
        self.volumeTypeIDs = volumeTypeIDs
        self.groupSnapshotID = groupSnapshotID
        self.sourceGroupID = sourceGroupID
        self.createdAt = createdAt
    }
}

/// A snapshot of every volume of a group at once (3.14): one snapshot per volume, each carrying the
/// group snapshot's id; its status follows theirs.
package struct GroupSnapshot: Sendable, Equatable {
    package var id: UUID
    package var projectID: String
    package var groupID: UUID
    package var groupTypeID: UUID
    package var name: String?
    package var description: String?
    package var status: GroupStatus
    package var createdAt: Date
    /// Set while the status is to follow the snapshots' (being created or deleted); cleared when it
    /// has, or when an admin resets the status.
    package var awaitingMembers = true

    package init(
        id: UUID = UUID.random(), projectID: String, groupID: UUID, groupTypeID: UUID, name: String?, description: String?,
        status: GroupStatus = .creating, createdAt: Date = Date()
    ) {
        self.id = id
        self.projectID = projectID
        self.groupID = groupID
        self.groupTypeID = groupTypeID
        self.name = name
        self.description = description
        self.status = status
        self.createdAt = createdAt
    }
}

extension GroupStatus {
    /// What a group or group snapshot in `creating` (or `deleting`) becomes from its members' statuses:
    /// error when one failed, the target once all arrived, unchanged while any is on its way.
    package static func settled(_ current: GroupStatus, members: [String], arrived: String, failed: Set<String>) -> GroupStatus {
        if members.contains(where: failed.contains) { return current == .deleting ? .errorDeleting : .error }
        guard members.allSatisfy({ $0 == arrived }) else { return current }
        return current == .deleting ? .deleted : .available
    }
}
