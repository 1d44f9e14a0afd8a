package import EmberModel
package import Foundation

/// Volume types: soft-deleted (volumes keep pointing at their type), names unique among live types.
extension SQLStore {
    package func volumeTypes() async throws -> [VolumeType] {
        try await database.readStatement { db in
            try db.rows(sql: "SELECT * FROM volume_types WHERE deleted = 0 ORDER BY name").map(Self.volumeType)
        }
    }

    package func volumeType(_ idOrName: String) async throws -> VolumeType? {
        try await database.readStatement { db in try Self.liveVolumeType(db, idOrName) }
    }

    package func defaultVolumeType(project: String?) async throws -> VolumeType {
        let found = try await database.readStatement { db in
            try db.row(
                sql: """
                    SELECT * FROM volume_types WHERE deleted = 0
                        AND (name = ?1 OR id = (SELECT volume_type_id FROM project_default_types WHERE project_id = ?2))
                    ORDER BY CASE WHEN name = ?1 THEN 1 ELSE 0 END LIMIT 1
                    """,
                arguments: [VolumeType.defaultName, project]
            ).map(Self.volumeType)
        }
        guard let found else { throw Fault.notFound("Default volume type \(VolumeType.defaultName) could not be found.") }
        return found
    }

    package func projectDefaultTypeID(project: String) async throws -> UUID? {
        try await database.readStatement { db in
            try db.value(String.self, sql: "SELECT volume_type_id FROM project_default_types WHERE project_id = ?", arguments: [project])
                .flatMap(UUID.init(key:))
        }
    }

    package func projectDefaultTypes() async throws -> [String: UUID] {
        try await database.readStatement { db in
            var defaults: [String: UUID] = [:]
            for row in try db.rows(sql: "SELECT project_id, volume_type_id FROM project_default_types") {
                if let id = UUID(key: row[1]) { defaults[row[0]] = id }
            }
            return defaults
        }
    }

    package func setProjectDefaultType(project: String, typeID: UUID?) async throws {
        try await database.write { db in
            guard let typeID else {
                try db.execute(sql: "DELETE FROM project_default_types WHERE project_id = ?", arguments: [project])
                return
            }
            guard try Self.liveVolumeType(db, typeID.key) != nil else { throw Fault.badRequest("Volume type \(typeID.key) could not be found.") }
            try db.execute(
                sql: """
                    INSERT INTO project_default_types (project_id, volume_type_id) VALUES (?, ?)
                    ON CONFLICT (project_id) DO UPDATE SET volume_type_id = excluded.volume_type_id
                    """, arguments: [project, typeID.key])
        }
    }

    package func insertVolumeType(_ type: VolumeType) async throws {
        try await database.write { db in
            try Self.refuseDuplicateName(db, type)
            try db.execute(
                sql: "INSERT INTO volume_types (id, name, description, is_public, extra_specs, created_at) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)",
                arguments: [type.id.key, type.name, type.description, type.isPublic, try JSONText.encode(type.extraSpecs)])
        }
    }

    package func updateVolumeType(id: UUID, _ change: @escaping @Sendable (inout VolumeType) throws -> Void) async throws -> VolumeType? {
        try await database.write { db in
            guard var type = try Self.liveVolumeType(db, id.key) else { return nil }
            try change(&type)
            type.id = id
            try Self.refuseDuplicateName(db, type)
            try db.execute(
                sql: "UPDATE volume_types SET name = ?, description = ?, is_public = ?, extra_specs = ? WHERE id = ? AND deleted = 0",
                arguments: [type.name, type.description, type.isPublic, try JSONText.encode(type.extraSpecs), type.id.key])
            return type
        }
    }

    package func deleteVolumeType(id: UUID) async throws {
        try await database.write { db in
            guard let type = try Self.liveVolumeType(db, id.key) else {
                throw Fault.notFound("Volume type \(id.key) could not be found.")
            }
            guard type.name != VolumeType.defaultName else {
                throw Fault.badRequest("Default volume type can not be deleted.")
            }
            let users =
                try db.value(Int.self, sql: "SELECT COUNT(*) FROM volumes WHERE volume_type_id = ? AND deleted = 0", arguments: [id.key]) ?? 0
            guard users == 0 else { throw Fault.badRequest("Target volume type is still in use.") }
            let defaultOf = try db.value(Int.self, sql: "SELECT COUNT(*) FROM project_default_types WHERE volume_type_id = ?", arguments: [id.key]) ?? 0
            guard defaultOf == 0 else { throw Fault.badRequest("Volume type \(id.key) is the default type of \(defaultOf) project(s).") }
            try db.execute(sql: "UPDATE volume_types SET deleted = 1 WHERE id = ?", arguments: [id.key])
            try db.execute(sql: "DELETE FROM volume_type_projects WHERE volume_type_id = ?", arguments: [id.key])
        }
    }

    package func typeAccess(typeID: UUID) async throws -> [String] {
        try await database.readStatement { db in
            try db.values(
                String.self, sql: "SELECT project_id FROM volume_type_projects WHERE volume_type_id = ? ORDER BY project_id",
                arguments: [typeID.key])
        }
    }

    package func setTypeAccess(typeID: UUID, project: String, granted: Bool) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: granted
                    ? "INSERT INTO volume_type_projects (volume_type_id, project_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
                    : "DELETE FROM volume_type_projects WHERE volume_type_id = ? AND project_id = ?",
                arguments: [typeID.key, project])
            return db.changesCount == 1
        }
    }

    private static func refuseDuplicateName(_ db: any SQLConnection, _ type: VolumeType) throws {
        let clash = try db.value(
            String.self, sql: "SELECT id FROM volume_types WHERE name = ? AND deleted = 0 AND id != ?", arguments: [type.name, type.id.key])
        if clash != nil { throw Fault(.conflict, "Volume Type \(type.name) already exists.") }
    }

    static func liveVolumeType(_ db: any SQLConnection, _ idOrName: String) throws -> VolumeType? {
        try db.row(
            sql: "SELECT * FROM volume_types WHERE (id = ? OR name = ?) AND deleted = 0",
            arguments: [idOrName.lowercased(), idOrName]
        ).map(volumeType)
    }

    private static func volumeType(_ row: SQLRow) throws -> VolumeType {
        guard let id = UUID(key: row["id"]) else { throw StoreError.corruptRow(table: "volume_types", id: row["id"]) }
        return VolumeType(
            id: id, name: row["name"], description: row["description"], isPublic: row["is_public"],
            extraSpecs: try JSONText.decode(row["extra_specs"]), qosSpecsID: (row["qos_specs_id"] as String?).flatMap(UUID.init(key:)))
    }
}
