import EmberModel

/// A validated `POST /volumes` body.
struct VolumeCreateRequest: Equatable {
    /// Required unless the volume is copied from a source, whose size is then the default.
    var sizeGB: Int?
    var snapshotID: String?
    var sourceVolumeID: String?
    var name: String?
    var description: String?
    var volumeType: String?
    var availabilityZone: String?
    var metadata: [String: String]
    /// The group the volume joins (3.13).
    var groupID: String?

    /// The sources Ember does not create from; each must be absent or null (`backup_id` from 3.47,
    /// when Cinder's schema names it; before, it is one more ignored key).
    static let unsupportedSources = ["imageRef", "image_id", "consistencygroup_id", "source_replica"]
    /// The keys of Cinder 29's create schema; from 3.53 no other key is taken (`additionalProperties:
    /// false`), before it the others are taken and ignored.
    static let knownKeys: Set<String> = [
        "name", "description", "display_name", "display_description", "volume_type", "metadata", "snapshot_id", "source_volid",
        "consistencygroup_id", "size", "availability_zone", "multiattach", "image_id", "imageRef", "group_id", "backup_id",
    ]

    init(_ volume: [String: JSONValue], version: APIVersion = .minimum) throws(Fault) {
        if version >= .strictVolumeBodies { try FieldError.rejectUnknown(volume, allowed: Self.knownKeys, in: "volume") }
        groupID = try FieldError.string(volume, "group_id")
        let backup = version >= .volumeFromBackup ? ["backup_id"] : []
        for key in ["consistencygroup_id"] + backup { _ = try FieldError.uuid(volume, key) }
        for key in Self.unsupportedSources + backup where volume[key] != nil && volume[key] != .null {
            throw Fault.badRequest("Creating a volume with '\(key)' is not supported by this Ember release.")
        }
        snapshotID = try FieldError.uuid(volume, "snapshot_id")
        sourceVolumeID = try FieldError.uuid(volume, "source_volid")
        if snapshotID != nil, sourceVolumeID != nil {
            throw Fault.invalidInput("Only one of snapshot_id and source_volid may be given.")
        }
        sizeGB = try FieldError.positiveInteger(volume, "size")
        if sizeGB == nil, snapshotID == nil, sourceVolumeID == nil {
            throw Fault.badRequest("Invalid input for field/attribute volume. 'size' is a required property.")
        }
        let name = try FieldError.string(volume, "name")
        self.name = if let name { name } else { try FieldError.string(volume, "display_name") }
        let description = try FieldError.string(volume, "description")
        self.description = if let description { description } else { try FieldError.string(volume, "display_description") }
        volumeType = try FieldError.string(volume, "volume_type")
        availabilityZone = try FieldError.string(volume, "availability_zone")
        if availabilityZone == "" { throw FieldError.invalid("availability_zone", "", "is too short") }
        metadata = try FieldError.metadata(volume) ?? [:]
        // Cinder 29 takes the key but refuses `true`: a volume is multiattach through its type.
        if try FieldError.bool(volume, "multiattach") == true {
            throw Fault.badRequest(
                "multiattach parameter has been removed. The default behavior is to use multiattach enabled volume types. "
                    + "Contact your administrator to create a multiattach enabled volume type and use it to create multiattach volumes.")
        }
    }
}

/// A validated `PUT /volumes/{id}` body.
struct VolumeUpdateRequest {
    var update: VolumeUpdate

    static let knownKeys: Set<String> = ["name", "description", "display_name", "display_description", "metadata"]

    /// From 3.53 an update must name at least one field, as Cinder's `update_v353` schema.
    init(_ volume: [String: JSONValue], in field: String = "volume", version: APIVersion = .minimum) throws(Fault) {
        try FieldError.rejectUnknown(volume, allowed: Self.knownKeys, in: field)
        if version >= .strictVolumeBodies { try FieldError.requireOne(of: Self.knownKeys.sorted(), in: volume, field) }
        update = VolumeUpdate()
        for key in ["name", "display_name"] where volume[key] != nil {
            update.name = .some(try FieldError.string(volume, key))
        }
        for key in ["description", "display_description"] where volume[key] != nil {
            update.description = .some(try FieldError.string(volume, key))
        }
        update.metadata = try FieldError.metadata(volume).map(MetadataEdit.replace)
    }
}
