package import EmberModel
package import Foundation

/// Group types, groups and group snapshots.
extension SQLStore {
    package func groupTypes() async throws -> [GroupType] {
        try await database.readStatement { db in try db.rows(sql: "SELECT * FROM group_types WHERE deleted = 0").map(Self.groupType) }
    }

    package func groupType(_ idOrName: String) async throws -> GroupType? {
        try await database.readStatement { db in try Self.liveGroupType(db, idOrName) }
    }

    package func insertGroupType(_ type: GroupType) async throws {
        try await database.write { db in
            try Self.refuseDuplicateGroupTypeName(db, type)
            try db.execute(
                sql: "INSERT INTO group_types (id, name, description, is_public, group_specs) VALUES (?, ?, ?, ?, ?)",
                arguments: [type.id.key, type.name, type.description, type.isPublic, try JSONText.encode(type.groupSpecs)])
        }
    }

    package func updateGroupType(id: UUID, _ change: @escaping @Sendable (inout GroupType) throws -> Void) async throws -> GroupType? {
        try await database.write { db in
            guard var type = try Self.liveGroupType(db, id.key) else { return nil }
            try change(&type)
            type.id = id
            try Self.refuseDuplicateGroupTypeName(db, type)
            try db.execute(
                sql: "UPDATE group_types SET name = ?, description = ?, is_public = ?, group_specs = ? WHERE id = ?",
                arguments: [type.name, type.description, type.isPublic, try JSONText.encode(type.groupSpecs), id.key])
            return type
        }
    }

    package func deleteGroupType(id: UUID) async throws {
        try await database.write { db in
            let users = try db.value(Int.self, sql: "SELECT COUNT(*) FROM groups WHERE group_type_id = ? AND deleted = 0", arguments: [id.key]) ?? 0
            guard users == 0 else { throw Fault.badRequest("Group Type \(id.key) deletion is not allowed with groups present with the type.") }
            try db.execute(sql: "UPDATE group_types SET deleted = 1 WHERE id = ? AND deleted = 0", arguments: [id.key])
            guard db.changesCount == 1 else { throw Fault.notFound("Group type with name \(id.key) could not be found.") }
        }
    }

    package func insertGroup(_ group: VolumeGroup) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO groups (id, project_id, user_id, name, description, status, availability_zone, group_type_id,
                        volume_type_ids, group_snapshot_id, source_group_id, created_at, awaiting_members)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    group.id.key, group.projectID, group.userID, group.name, group.description, group.status.rawValue, group.availabilityZone,
                    group.groupTypeID.key, group.volumeTypeIDs.map(\.key).joined(separator: ","), group.groupSnapshotID?.key,
                    group.sourceGroupID?.key, group.createdAt.storedValue, group.awaitingMembers,
                ])
        }
    }

    package func group(id: UUID) async throws -> VolumeGroup? {
        try await database.readStatement { db in try Self.liveGroup(db, id) }
    }

    package func groups(projectID: String?) async throws -> [VolumeGroup] {
        try await database.readStatement { db in
            try db.rows(
                sql: "SELECT * FROM groups WHERE deleted = 0 AND (CAST(?1 AS TEXT) IS NULL OR project_id = ?1) ORDER BY created_at DESC, id DESC",
                arguments: [projectID]
            ).map(Self.group)
        }
    }

    package func updateGroup(id: UUID, _ change: @escaping @Sendable (inout VolumeGroup) throws -> Void) async throws -> VolumeGroup? {
        try await database.write { db in
            guard var group = try Self.liveGroup(db, id) else { return nil }
            try change(&group)
            try db.execute(sql: "UPDATE groups SET name = ?, description = ? WHERE id = ?", arguments: [group.name, group.description, id.key])
            return group
        }
    }

    package func setGroupStatus(id: UUID, from: Set<GroupStatus>?, to: GroupStatus, snapshot: Bool, awaiting: Bool) async throws -> Bool {
        let table = snapshot ? "group_snapshots" : "groups"
        let allowed = (from ?? Set(GroupStatus.allCases)).map(\.rawValue).sorted()
        let placeholders = Array(repeating: "?", count: allowed.count).joined(separator: ", ")
        var arguments: SQLArguments = [to.rawValue, to == .deleted, awaiting, id.key]
        arguments += SQLArguments(allowed)
        let bound = arguments
        return try await database.write { db in
            try db.execute(
                sql: "UPDATE \(table) SET status = ?, deleted = ?, awaiting_members = ? WHERE id = ? AND deleted = 0 AND status IN (\(placeholders))",
                arguments: bound)
            return db.changesCount == 1
        }
    }

    package func changeGroupMembers(groupID: UUID, add: [UUID], remove: [UUID]) async throws {
        try await database.write { db in
            guard let group = try Self.liveGroup(db, groupID) else { throw Fault.notFound("Group \(groupID.key) could not be found.") }
            for id in remove {
                guard let volume = try Self.liveVolume(db, id: id), volume.groupID == groupID else {
                    throw Fault.badRequest("Invalid volume: Volume \(id.key) is not in group \(groupID.key).")
                }
                try db.execute(sql: "UPDATE volumes SET group_id = NULL WHERE id = ?", arguments: [id.key])
            }
            for id in add {
                guard let volume = try Self.liveVolume(db, id: id), volume.projectID == group.projectID else { throw Fault.volumeNotFound(id.key) }
                guard volume.groupID == nil || volume.groupID == groupID, [.available, .inUse].contains(volume.status) else {
                    throw Fault.badRequest("Invalid volume: Volume \(id.key) must be available or in-use and in no other group.")
                }
                try Self.checkGroup(db, groupID, admits: volume)
                try db.execute(sql: "UPDATE volumes SET group_id = ? WHERE id = ?", arguments: [groupID.key, id.key])
            }
        }
    }

    package func insertGroupSnapshot(_ snapshot: GroupSnapshot) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO group_snapshots (id, project_id, group_id, group_type_id, name, description, status, created_at,
                        awaiting_members)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    snapshot.id.key, snapshot.projectID, snapshot.groupID.key, snapshot.groupTypeID.key, snapshot.name, snapshot.description,
                    snapshot.status.rawValue, snapshot.createdAt.storedValue, snapshot.awaitingMembers,
                ])
        }
    }

    package func groupSnapshot(id: UUID) async throws -> GroupSnapshot? {
        try await database.readStatement { db in
            try db.row(sql: "SELECT * FROM group_snapshots WHERE id = ? AND deleted = 0", arguments: [id.key]).map(Self.groupSnapshot)
        }
    }

    package func groupSnapshots(projectID: String?) async throws -> [GroupSnapshot] {
        try await database.readStatement { db in
            try db.rows(
                sql: "SELECT * FROM group_snapshots WHERE deleted = 0 AND (CAST(?1 AS TEXT) IS NULL OR project_id = ?1) ORDER BY created_at DESC, id DESC",
                arguments: [projectID]
            ).map(Self.groupSnapshot)
        }
    }

    /// A volume may be in a group only while the group is live and lists the volume's type.
    static func checkGroup(_ db: any SQLConnection, _ id: UUID, admits volume: Volume) throws {
        guard let group = try liveGroup(db, id), group.projectID == volume.projectID else { throw Fault.notFound("Group \(id.key) could not be found.") }
        guard group.volumeTypeIDs.contains(volume.volumeTypeID) else {
            throw Fault.badRequest("Invalid volume: Volume type \(volume.volumeTypeID.key) is not supported by group \(id.key).")
        }
        guard [.available, .creating, .updating].contains(group.status) else {
            throw Fault.badRequest("Invalid group: Group \(id.key) status must be available, but current status is: \(group.status.rawValue).")
        }
    }

    private static func refuseDuplicateGroupTypeName(_ db: any SQLConnection, _ type: GroupType) throws {
        let clash = try db.value(
            String.self, sql: "SELECT id FROM group_types WHERE name = ? AND deleted = 0 AND id != ?", arguments: [type.name, type.id.key])
        if clash != nil { throw Fault(.conflict, "Group Type \(type.name) already exists.") }
    }

    private static func liveGroupType(_ db: any SQLConnection, _ idOrName: String) throws -> GroupType? {
        try db.row(
            sql: "SELECT * FROM group_types WHERE (id = ? OR name = ?) AND deleted = 0", arguments: [idOrName.lowercased(), idOrName]
        ).map(groupType)
    }

    static func liveGroup(_ db: any SQLConnection, _ id: UUID) throws -> VolumeGroup? {
        try db.row(sql: "SELECT * FROM groups WHERE id = ? AND deleted = 0", arguments: [id.key]).map(group)
    }

    private static func groupType(_ row: SQLRow) throws -> GroupType {
        guard let id = UUID(key: row["id"]) else { throw StoreError.corruptRow(table: "group_types", id: row["id"]) }
        return GroupType(
            id: id, name: row["name"], description: row["description"], isPublic: row["is_public"], groupSpecs: try JSONText.decode(row["group_specs"]))
    }

    private static func group(_ row: SQLRow) throws -> VolumeGroup {
        guard let id = UUID(key: row["id"]), let status = GroupStatus(rawValue: row["status"]), let typeID = UUID(key: row["group_type_id"]) else {
            throw StoreError.corruptRow(table: "groups", id: row["id"])
        }
        let types = (row["volume_type_ids"] as String).split(separator: ",").compactMap { UUID(key: String($0)) }
        var group = VolumeGroup(
            id: id, projectID: row["project_id"], userID: row["user_id"], name: row["name"], description: row["description"], status: status,
            availabilityZone: row["availability_zone"], groupTypeID: typeID, volumeTypeIDs: types,
            groupSnapshotID: (row["group_snapshot_id"] as String?).flatMap(UUID.init(key:)),
            sourceGroupID: (row["source_group_id"] as String?).flatMap(UUID.init(key:)), createdAt: Date(timeIntervalSince1970: row["created_at"]))
        group.awaitingMembers = row["awaiting_members"]
        return group
    }

    private static func groupSnapshot(_ row: SQLRow) throws -> GroupSnapshot {
        guard let id = UUID(key: row["id"]), let status = GroupStatus(rawValue: row["status"]), let groupID = UUID(key: row["group_id"]),
            let typeID = UUID(key: row["group_type_id"])
        else { throw StoreError.corruptRow(table: "group_snapshots", id: row["id"]) }
        var snapshot = GroupSnapshot(
            id: id, projectID: row["project_id"], groupID: groupID, groupTypeID: typeID, name: row["name"], description: row["description"],
            status: status, createdAt: Date(timeIntervalSince1970: row["created_at"]))
        snapshot.awaitingMembers = row["awaiting_members"]
        return snapshot
    }
}
