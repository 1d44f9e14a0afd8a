package import EmberModel
import Foundation
import GRDB

/// Quotas: limits are rows of `quotas` over the defaults; usage is always counted from the live rows
/// inside the transaction that needs it, so it can never drift from reality.
extension SQLiteStore {
    package func quotaLimits(project: String) async throws -> QuotaLimits {
        try await pool.read { db in try Self.limits(db, project: project) }
    }

    package func quotaUsage(project: String) async throws -> QuotaUsage {
        try await pool.read { db in try Self.usage(db, project: project) }
    }

    package func setQuotaLimits(project: String, _ limits: [QuotaResource: Int]) async throws {
        try await pool.write { db in
            let usage = try Self.usage(db, project: project)
            for (resource, limit) in limits.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                if limit >= 0, limit < usage[resource] {
                    throw Fault.badRequest(
                        "Quota \(resource.rawValue) limit must be equal or greater than existing resources. Current usage is \(usage[resource]) and the requested limit is \(limit)."
                    )
                }
                try db.execute(
                    sql:
                        "INSERT INTO quotas (project_id, resource, hard_limit) VALUES (?, ?, ?) ON CONFLICT (project_id, resource) DO UPDATE SET hard_limit = excluded.hard_limit",
                    arguments: [project, resource.rawValue, limit])
            }
        }
    }

    package func resetQuotaLimits(project: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM quotas WHERE project_id = ?", arguments: [project])
        }
    }

    static func limits(_ db: Database, project: String) throws -> QuotaLimits {
        let rows = try Row.fetchAll(db, sql: "SELECT resource, hard_limit FROM quotas WHERE project_id = ?", arguments: [project])
        var overrides: [QuotaResource: Int] = [:]
        for row in rows {
            if let resource = QuotaResource(rawValue: row[0]) { overrides[resource] = row[1] }
        }
        return QuotaLimits(overrides: overrides)
    }

    static func usage(_ db: Database, project: String) throws -> QuotaUsage {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT
                    (SELECT COUNT(*) FROM volumes WHERE project_id = ?1 AND deleted = 0),
                    (SELECT COALESCE(SUM(\(reservedSize)), 0) FROM volumes WHERE project_id = ?1 AND deleted = 0),
                    (SELECT COUNT(*) FROM snapshots WHERE project_id = ?1 AND deleted = 0),
                    (SELECT COALESCE(SUM(size), 0) FROM snapshots WHERE project_id = ?1 AND deleted = 0)
                """, arguments: [project])
        guard let row else { return QuotaUsage() }
        return QuotaUsage(volumes: row[0], snapshots: row[2], gigabytes: (row[1] as Int) + (row[3] as Int))
    }
}
