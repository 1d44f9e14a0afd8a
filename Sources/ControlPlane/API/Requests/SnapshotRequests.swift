import EmberModel

/// A validated `POST /snapshots` body.
struct SnapshotCreateRequest {
    var volumeID: String
    var name: String?
    var description: String?
    var force: Bool
    /// Whether the body named `force` at all (3.66 refuses an explicit false).
    var forceGiven: Bool
    var metadata: [String: String]

    /// Cinder 29's create schema (`cinder/api/schemas/snapshots.py`): `display_name` is taken,
    /// `display_description` is not.
    static let knownKeys: Set<String> = ["volume_id", "name", "description", "display_name", "force", "metadata"]

    init(_ snapshot: [String: JSONValue]) throws(Fault) {
        try FieldError.rejectUnknown(snapshot, allowed: Self.knownKeys, in: "snapshot")
        guard snapshot.keys.contains("volume_id") else {
            throw Fault.badRequest("Invalid input for field/attribute snapshot. 'volume_id' is a required property.")
        }
        // A null volume id passes Cinder's schema and then names no volume: "Volume None could not be found." (404).
        volumeID = try FieldError.uuid(snapshot, "volume_id") ?? "None"
        let name = try FieldError.string(snapshot, "name")
        self.name = if let name { name } else { try FieldError.string(snapshot, "display_name") }
        description = try FieldError.string(snapshot, "description")
        let force = try FieldError.bool(snapshot, "force")
        self.force = force ?? false
        forceGiven = force != nil
        metadata = try FieldError.metadata(snapshot) ?? [:]
    }
}

/// A validated `PUT /snapshots/{id}` body: a name or a description, at least one (Cinder's update
/// schema; metadata has routes of its own).
struct SnapshotUpdateRequest {
    var update: VolumeUpdate

    static let knownKeys = ["name", "description", "display_name", "display_description"]

    init(_ snapshot: [String: JSONValue]) throws(Fault) {
        try FieldError.rejectUnknown(snapshot, allowed: Set(Self.knownKeys), in: "snapshot")
        try FieldError.requireOne(of: Self.knownKeys, in: snapshot, "snapshot")
        update = try VolumeUpdateRequest(snapshot, in: "snapshot").update
    }
}
