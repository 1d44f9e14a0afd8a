import EmberModel
import Foundation

/// Renders snapshots in Cinder's JSON shape, for one request's microversion.
struct SnapshotView {
    var version: APIVersion

    /// A snapshot as the plain list gives it (Cinder's summary: no group, user or extension fields).
    func summary(_ snapshot: Snapshot) -> JSONValue {
        .object(summaryFields(snapshot))
    }

    /// As create and update answer it: the summary and the microversioned fields.
    func bareDetail(_ snapshot: Snapshot) -> JSONValue {
        var body = summaryFields(snapshot)
        if version >= .groupSnapshotID { body["group_snapshot_id"] = .optional(snapshot.groupSnapshotID?.key) }
        if version >= .snapshotUserID { body["user_id"] = .string(snapshot.userID) }
        if version >= .useQuota { body["consumes_quota"] = true }
        return .object(body)
    }

    /// As show and the detailed list give it: with the extended attributes (progress, project).
    func detail(_ snapshot: Snapshot) -> JSONValue {
        guard case .object(var body) = bareDetail(snapshot) else { return .null }
        body["os-extended-snapshot-attributes:progress"] = .string(snapshot.progress ?? (snapshot.status == .available ? "100%" : "0%"))
        body["os-extended-snapshot-attributes:project_id"] = .string(snapshot.projectID)
        return .object(body)
    }

    private func summaryFields(_ snapshot: Snapshot) -> JSONObject {
        [
            "id": .string(snapshot.id.key),
            "created_at": CinderDate.json(snapshot.createdAt),
            "updated_at": CinderDate.json(snapshot.updatedAt),
            "name": .optional(snapshot.name),
            "description": .optional(snapshot.description),
            "volume_id": .string(snapshot.volumeID.key),
            "status": .string(snapshot.status.rawValue),
            "size": .int(snapshot.sizeGB),
            "metadata": .object(JSONObject(snapshot.metadata.mapValues(JSONValue.string))),
        ]
    }
}
