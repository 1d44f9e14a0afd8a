package import EmberModel
package import Foundation

/// QoS specs and their associations with volume types; a type has at most one.
extension SQLStore {
    package func qosSpecs() async throws -> [QoSSpecs] {
        try await database.readStatement { db in try db.rows(sql: "SELECT * FROM qos_specs ORDER BY name").map(Self.qosSpecs) }
    }

    package func qosSpecs(id: UUID) async throws -> QoSSpecs? {
        try await database.readStatement { db in try Self.liveQoSSpecs(db, id) }
    }

    package func insertQoSSpecs(_ specs: QoSSpecs) async throws {
        try await database.write { db in
            if try db.value(String.self, sql: "SELECT id FROM qos_specs WHERE name = ?", arguments: [specs.name]) != nil {
                throw Fault(.conflict, "QoS Specs \(specs.name) already exists.")
            }
            try db.execute(
                sql: "INSERT INTO qos_specs (id, name, consumer, specs, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [specs.id.key, specs.name, specs.consumer.rawValue, try JSONText.encode(specs.specs), Date().storedValue])
        }
    }

    package func updateQoSSpecs(id: UUID, _ change: @escaping @Sendable (inout QoSSpecs) throws -> Void) async throws -> QoSSpecs? {
        try await database.write { db in
            guard var specs = try Self.liveQoSSpecs(db, id) else { return nil }
            try change(&specs)
            try db.execute(
                sql: "UPDATE qos_specs SET consumer = ?, specs = ? WHERE id = ?",
                arguments: [specs.consumer.rawValue, try JSONText.encode(specs.specs), id.key])
            return specs
        }
    }

    package func deleteQoSSpecs(id: UUID, force: Bool) async throws {
        try await database.write { db in
            guard try Self.liveQoSSpecs(db, id) != nil else { throw Self.qosNotFound(id) }
            let users = try db.value(Int.self, sql: "SELECT COUNT(*) FROM volume_types WHERE qos_specs_id = ? AND deleted = 0", arguments: [id.key]) ?? 0
            guard users == 0 || force else { throw Fault.badRequest("Qos specs still in use.") }
            try db.execute(sql: "UPDATE volume_types SET qos_specs_id = NULL WHERE qos_specs_id = ?", arguments: [id.key])
            try db.execute(sql: "DELETE FROM qos_specs WHERE id = ?", arguments: [id.key])
        }
    }

    package func associateQoSSpecs(id: UUID, typeID: UUID) async throws {
        try await database.write { db in
            guard try Self.liveQoSSpecs(db, id) != nil else { throw Self.qosNotFound(id) }
            guard let type = try Self.liveVolumeType(db, typeID.key) else { throw Fault.notFound("Volume type \(typeID.key) could not be found.") }
            if let current = type.qosSpecsID, current != id {
                throw Fault.badRequest("Invalid volume type: Type \(typeID.key) is already associated with another qos specs: \(current.key)")
            }
            try db.execute(sql: "UPDATE volume_types SET qos_specs_id = ? WHERE id = ?", arguments: [id.key, typeID.key])
        }
    }

    package func disassociateQoSSpecs(id: UUID, typeID: UUID?) async throws {
        try await database.write { db in
            guard try Self.liveQoSSpecs(db, id) != nil else { throw Self.qosNotFound(id) }
            if let typeID {
                guard try Self.liveVolumeType(db, typeID.key) != nil else { throw Fault.notFound("Volume type \(typeID.key) could not be found.") }
                try db.execute(sql: "UPDATE volume_types SET qos_specs_id = NULL WHERE id = ? AND qos_specs_id = ?", arguments: [typeID.key, id.key])
            } else {
                try db.execute(sql: "UPDATE volume_types SET qos_specs_id = NULL WHERE qos_specs_id = ?", arguments: [id.key])
            }
        }
    }

    package func qosAssociations(id: UUID) async throws -> [VolumeType] {
        try await volumeTypes().filter { $0.qosSpecsID == id }
    }

    private static func qosNotFound(_ id: UUID) -> Fault { .notFound("QoS spec \(id.key) could not be found.") }

    private static func liveQoSSpecs(_ db: any SQLConnection, _ id: UUID) throws -> QoSSpecs? {
        try db.row(sql: "SELECT * FROM qos_specs WHERE id = ?", arguments: [id.key]).map(qosSpecs)
    }

    private static func qosSpecs(_ row: SQLRow) throws -> QoSSpecs {
        guard let id = UUID(key: row["id"]), let consumer = QoSSpecs.Consumer(rawValue: row["consumer"]) else {
            throw StoreError.corruptRow(table: "qos_specs", id: row["id"])
        }
        return QoSSpecs(id: id, name: row["name"], consumer: consumer, specs: try JSONText.decode(row["specs"]))
    }
}
