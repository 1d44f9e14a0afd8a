import EmberModel
import Foundation

/// Renders volumes in Cinder's JSON shapes, for one request's microversion and caller.
struct VolumeView {
    var version: APIVersion
    var caller: CallContext
    /// `http://host:port`, from the request, for the `links`.
    var baseURL: String
    var typeNames: [UUID: String]
    /// The attached attachments of the volumes shown, by volume.
    var attachments: [UUID: [Attachment]] = [:]

    func summary(_ volume: Volume) -> JSONValue {
        let id = volume.id.key
        return ["id": .string(id), "name": .optional(volume.name), "links": links(id, project: volume.projectID)]
    }

    /// A volume as `show` and the detailed list give it: Cinder's view, plus what its show and detail
    /// extensions add (the owning project, and for admins the host and the migration status).
    func detail(_ volume: Volume) -> JSONValue {
        guard case .object(var body) = bareDetail(volume) else { return .null }
        body.append("os-vol-tenant-attr:tenant_id", .string(volume.projectID))
        if caller.isAdmin {
            body.append("os-vol-host-attr:host", .optional(volume.host))
            body.append("os-vol-mig-status-attr:migstat", .null)
            body.append("os-vol-mig-status-attr:name_id", .null)
        }
        return .object(body)
    }

    /// A volume as create and update answer it: Cinder's view builder alone, without the fields its
    /// show and detail extensions add.
    func bareDetail(_ volume: Volume) -> JSONValue {
        let id = volume.id.key
        var body: JSONObject = [
            "id": .string(id),
            "name": .optional(volume.name),
            "description": .optional(volume.description),
            "status": .string(volume.status.rawValue),
            "size": .int(volume.sizeGB),
            "availability_zone": .string(volume.availabilityZone),
            "created_at": CinderDate.json(volume.createdAt),
            "updated_at": CinderDate.json(volume.updatedAt),
            "volume_type": .optional(typeNames[volume.volumeTypeID]),
            "snapshot_id": .optional(volume.snapshotID?.key),
            "source_volid": .optional(volume.sourceVolumeID?.key),
            "metadata": .object(JSONObject(shownMetadata(volume).mapValues(JSONValue.string))),
            "links": links(id, project: volume.projectID),
            "user_id": .string(volume.userID),
            "bootable": .string(volume.bootable ? "true" : "false"),
            "encrypted": .bool(volume.encryptionKeyID != nil),
            "replication_status": nil,
            "consistencygroup_id": nil,
            "multiattach": .bool(volume.multiattach),
            "attachments": .array((attachments[volume.id] ?? []).map(AttachmentView.volumeEntry)),
        ]
        if caller.isAdmin { body.append("migration_status", .null) }
        if version >= .groupID { body.append("group_id", .optional(volume.groupID?.key)) }
        if version >= .providerID, caller.isAdmin { body.append("provider_id", .null) }
        if version >= .sharedTargets {
            body.append("shared_targets", false)
            body.append("service_uuid", .null)
        }
        if version >= .clusterName, caller.isAdmin { body.append("cluster_name", .null) }
        if version >= .volumeTypeIDInDetail { body.append("volume_type_id", .string(volume.volumeTypeID.key)) }
        if version >= .encryptionKeyID, let key = volume.encryptionKeyID, key != FixedKeyManager.keyID {
            body.append("encryption_key_id", .string(key.key))
        }
        if version >= .useQuota { body.append("consumes_quota", true) }
        return .object(body)
    }

    func links(_ id: String, project: String) -> JSONValue {
        ResourceLinks.make(baseURL: baseURL, project: project, collection: "volumes", id: id)
    }

    /// The user's metadata, plus `readonly` once an admin has set the flag (Cinder shows its admin
    /// metadata there too).
    private func shownMetadata(_ volume: Volume) -> [String: String] {
        guard volume.readonly else { return volume.metadata }
        return volume.metadata.merging(["readonly": "True"]) { _, flag in flag }
    }
}

/// The `self` and `bookmark` links of a resource.
enum ResourceLinks {
    static func make(baseURL: String, project: String, collection: String, id: String) -> JSONValue {
        [
            ["href": .string("\(baseURL)/v3/\(project)/\(collection)/\(id)"), "rel": "self"],
            ["href": .string("\(baseURL)/\(project)/\(collection)/\(id)"), "rel": "bookmark"],
        ]
    }
}

/// Renders volume types in Cinder's JSON shapes, which differ by call: create and update answer with
/// the older view (no `qos_specs_id`), show and list with the newer one.
enum VolumeTypeView {
    /// The extra specs any reader of a type may see; the others only admins (Cinder's
    /// `types_extra_specs:read_sensitive`).
    static let userVisibleSpecs: Set<String> = ["RESKEY:availability_zones", "multiattach", "replication_enabled"]

    /// As show and list give it: admins see every extra spec and the QoS specs id, others the
    /// user-visible specs only.
    static func shown(_ type: VolumeType, caller: CallContext) -> JSONValue {
        let specs = caller.isAdmin ? type.extraSpecs : type.extraSpecs.filter { userVisibleSpecs.contains($0.key) }
        var body = fields(type, specs: specs)
        body["os-volume-type-access:is_public"] = .bool(type.isPublic)
        if caller.isAdmin { body["qos_specs_id"] = .optional(type.qosSpecsID?.key) }
        return .object(body)
    }

    /// As create answers it (with the access extension's flag) or update (without).
    static func written(_ type: VolumeType, created: Bool) -> JSONValue {
        var body = fields(type, specs: type.extraSpecs)
        if created { body["os-volume-type-access:is_public"] = .bool(type.isPublic) }
        return .object(body)
    }

    private static func fields(_ type: VolumeType, specs: [String: String]) -> JSONObject {
        [
            "id": .string(type.id.key),
            "name": .string(type.name),
            "description": .optional(type.description),
            "is_public": .bool(type.isPublic),
            "extra_specs": .object(JSONObject(specs.mapValues(JSONValue.string))),
        ]
    }
}
