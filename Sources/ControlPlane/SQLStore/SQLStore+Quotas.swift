package import EmberModel
import Foundation

/// Quotas: limits are rows of `quotas` over the `default` class's rows in `quota_classes`, over the
/// defaults; usage is always counted from the live rows inside the transaction that needs it, so it
/// can never drift from reality. Keys are resources (`volumes`) or per-type ones (`volumes_gold`).
extension SQLStore {
    package func quotaLimits(project: String) async throws -> QuotaLimits {
        try await database.readStatement { db in try Self.limits(db, project: project) }
    }

    package func quotaUsage(project: String) async throws -> QuotaUsage {
        try await database.readStatement { db in try Self.usage(db, project: project) }
    }

    package func quotaUsage(project: String, typeName: String) async throws -> QuotaUsage {
        try await database.readStatement { db in try Self.usage(db, project: project, typeName: typeName) }
    }

    package func setQuotaLimits(project: String, _ limits: [String: Int]) async throws {
        try await database.write { db in
            for (key, limit) in limits.sorted(by: { $0.key < $1.key }) {
                let used = try Self.used(db, project: project, key: key)
                if limit >= 0, limit < used {
                    throw Fault.badRequest(
                        "Quota \(key) limit must be equal or greater than existing resources. Current usage is \(used) and the requested limit is \(limit)."
                    )
                }
                try db.execute(
                    sql:
                        "INSERT INTO quotas (project_id, resource, hard_limit) VALUES (?, ?, ?) ON CONFLICT (project_id, resource) DO UPDATE SET hard_limit = excluded.hard_limit",
                    arguments: [project, key, limit])
            }
        }
    }

    package func resetQuotaLimits(project: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM quotas WHERE project_id = ?", arguments: [project])
        }
    }

    package func quotaClassLimits(className: String) async throws -> QuotaLimits {
        try await database.readStatement { db in try Self.classLimits(db, className) }
    }

    package func setQuotaClassLimits(className: String, _ limits: [String: Int]) async throws {
        try await database.write { db in
            for (key, limit) in limits {
                try db.execute(
                    sql: """
                        INSERT INTO quota_classes (class_name, resource, hard_limit) VALUES (?, ?, ?)
                        ON CONFLICT (class_name, resource) DO UPDATE SET hard_limit = excluded.hard_limit
                        """, arguments: [className, key, limit])
            }
        }
    }

    /// The project-wide and the per-type check for adding to a project, both inside the caller's transaction.
    static func admit(
        _ db: any SQLConnection, project: String, typeID: UUID, volumes: Int = 0, snapshots: Int = 0, gigabytes: Int, itemGB: Int
    ) throws {
        let limits = try limits(db, project: project)
        // What the project holds is counted only when something it adds has a limit.
        let bounded = limits.bounds(volumes: volumes, snapshots: snapshots, gigabytes: gigabytes)
        try QuotaCheck.admit(
            volumes: volumes, snapshots: snapshots, gigabytes: gigabytes, itemGB: itemGB,
            usage: bounded ? try usage(db, project: project) : QuotaUsage(), limits: limits)
        guard !limits.perType.isEmpty,
            let typeName = try db.value(String.self, sql: "SELECT name FROM volume_types WHERE id = ?", arguments: [typeID.key]),
            limits.bounds(type: typeName, volumes: volumes, snapshots: snapshots, gigabytes: gigabytes)
        else { return }
        try QuotaCheck.admit(
            type: typeName, volumes: volumes, snapshots: snapshots, gigabytes: gigabytes, usage: try usage(db, project: project, typeName: typeName),
            limits: limits)
    }

    /// The `default` class's limits with the project's over them, in one statement.
    static func limits(_ db: any SQLConnection, project: String) throws -> QuotaLimits {
        var limits = QuotaLimits()
        let rows = try db.rows(
            sql: """
                SELECT 0, resource, hard_limit FROM quota_classes WHERE class_name = 'default'
                UNION ALL SELECT 1, resource, hard_limit FROM quotas WHERE project_id = ? ORDER BY 1
                """,
            arguments: [project])
        for row in rows {
            let projects = (row[0] as Int) == 1
            if let resource = QuotaResource(rawValue: row[1]) {
                if projects { limits.overrides[resource] = row[2] } else { limits.classDefaults[resource] = row[2] }
            } else {
                limits.perType[row[1]] = row[2]
            }
        }
        return limits
    }

    private static func classLimits(_ db: any SQLConnection, _ className: String) throws -> QuotaLimits {
        var limits = QuotaLimits()
        let rows = try db.rows(sql: "SELECT resource, hard_limit FROM quota_classes WHERE class_name = ?", arguments: [className])
        for row in rows {
            if let resource = QuotaResource(rawValue: row[0]) { limits.classDefaults[resource] = row[1] } else { limits.perType[row[0]] = row[1] }
        }
        return limits
    }

    static func usage(_ db: any SQLConnection, project: String) throws -> QuotaUsage {
        try usage(db, project: project, typeFilter: "", arguments: [project])
    }

    /// What a project holds in volumes of one type (and snapshots of them).
    static func usage(_ db: any SQLConnection, project: String, typeName: String) throws -> QuotaUsage {
        try usage(
            db, project: project, typeFilter: "AND v.volume_type_id IN (SELECT id FROM volume_types WHERE name = ?2 AND deleted = 0)",
            arguments: [project, typeName])
    }

    private static func usage(_ db: any SQLConnection, project: String, typeFilter: String, arguments: SQLArguments) throws -> QuotaUsage {
        let row = try db.row(
            sql: """
                SELECT
                    (SELECT COUNT(*) FROM volumes AS v WHERE v.project_id = ?1 AND v.deleted = 0 \(typeFilter)),
                    (SELECT COALESCE(SUM(CASE WHEN COALESCE(v.extend_size, 0) > v.size THEN v.extend_size ELSE v.size END), 0) FROM volumes AS v WHERE v.project_id = ?1 AND v.deleted = 0 \(typeFilter)),
                    (SELECT COUNT(*) FROM snapshots AS s LEFT JOIN volumes AS v ON v.id = s.volume_id WHERE s.project_id = ?1 AND s.deleted = 0 \(typeFilter)),
                    (SELECT COALESCE(SUM(s.size), 0) FROM snapshots AS s LEFT JOIN volumes AS v ON v.id = s.volume_id
                        WHERE s.project_id = ?1 AND s.deleted = 0 \(typeFilter))
                """, arguments: arguments)
        guard let row else { return QuotaUsage() }
        return QuotaUsage(volumes: row[0], snapshots: row[2], gigabytes: (row[1] as Int) + (row[3] as Int))
    }

    /// What a project holds of one quota key (a resource or a per-type key).
    private static func used(_ db: any SQLConnection, project: String, key: String) throws -> Int {
        if let resource = QuotaResource(rawValue: key) { return try usage(db, project: project)[resource] }
        for resource in QuotaResource.perTypeResources where key.hasPrefix(resource.rawValue + "_") {
            return try usage(db, project: project, typeName: String(key.dropFirst(resource.rawValue.count + 1)))[resource]
        }
        return 0
    }
}
