import EmberModel

/// A validated `POST /snapshots` body.
struct SnapshotCreateRequest {
    var volumeID: String
    var name: String?
    var description: String?
    var force: Bool
    var metadata: [String: String]

    static let knownKeys: Set<String> = ["volume_id", "name", "description", "display_name", "display_description", "force", "metadata"]

    init(_ snapshot: [String: JSONValue]) throws(Fault) {
        try FieldError.rejectUnknown(snapshot, allowed: Self.knownKeys, in: "snapshot")
        guard let volumeID = try FieldError.string(snapshot, "volume_id") else {
            throw Fault.badRequest("Invalid input for field/attribute snapshot. 'volume_id' is a required property.")
        }
        self.volumeID = volumeID
        let name = try FieldError.string(snapshot, "name")
        self.name = if let name { name } else { try FieldError.string(snapshot, "display_name") }
        let description = try FieldError.string(snapshot, "description")
        self.description = if let description { description } else { try FieldError.string(snapshot, "display_description") }
        force = try FieldError.bool(snapshot, "force") ?? false
        metadata = try FieldError.metadata(snapshot) ?? [:]
    }
}

/// A validated `PUT /snapshots/{id}` body: the same editable fields as a volume's.
struct SnapshotUpdateRequest {
    var update: VolumeUpdate

    init(_ snapshot: [String: JSONValue]) throws(Fault) {
        update = try VolumeUpdateRequest(snapshot, in: "snapshot").update
    }
}
