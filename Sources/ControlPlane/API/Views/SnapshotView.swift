import EmberModel
import Foundation

/// Renders snapshots in Cinder's JSON shape, for one request's microversion.
struct SnapshotView {
    var version: APIVersion

    func detail(_ snapshot: Snapshot) -> JSONValue {
        var body: JSONObject = [
            "id": .string(snapshot.id.key),
            "created_at": CinderDate.json(snapshot.createdAt),
            "updated_at": CinderDate.json(snapshot.updatedAt),
            "name": .optional(snapshot.name),
            "description": .optional(snapshot.description),
            "volume_id": .string(snapshot.volumeID.key),
            "status": .string(snapshot.status.rawValue),
            "size": .int(snapshot.sizeGB),
            "metadata": .object(JSONObject(snapshot.metadata.mapValues(JSONValue.string))),
            "os-extended-snapshot-attributes:progress": .string(snapshot.status == .available ? "100%" : "0%"),
            "os-extended-snapshot-attributes:project_id": .string(snapshot.projectID),
        ]
        if version >= .groupSnapshotID { body["group_snapshot_id"] = .null }
        if version >= .snapshotUserID { body["user_id"] = .string(snapshot.userID) }
        return .object(body)
    }
}
