package import Foundation

/// A volume as the control plane knows it: one row of the `volumes` table.
package struct Volume: Sendable, Equatable {
    package var id: UUID
    package var projectID: String
    package var userID: String
    package var name: String?
    package var description: String?
    package var sizeGB: Int
    package var status: VolumeStatus
    package var availabilityZone: String
    package var volumeTypeID: UUID
    /// The volume service that holds it, once the scheduler has placed it.
    package var host: String?
    package var bootable: Bool
    package var multiattach: Bool
    package var metadata: [String: String]
    /// Set by the admin action `os-update_readonly_flag`; attachments are then read-only.
    package var readonly: Bool
    /// The snapshot or volume this one was created from.
    package var snapshotID: UUID?
    package var sourceVolumeID: UUID?
    /// The size an `os-extend` in progress has reserved.
    package var extendSizeGB: Int?
    /// The group it belongs to (3.13), if any.
    package var groupID: UUID?
    /// The key manager's id of its encryption key, for a volume of an encrypted type.
    package var encryptionKeyID: UUID?
    /// The backing store's name outside Ember: the one a manage takes it from (while creating), or
    /// the one an unmanage leaves it under (while deleting); nil for Ember's own volumes.
    package var externalName: String?
    package var createdAt: Date
    package var updatedAt: Date?

    package init(
        id: UUID = UUID.random(), projectID: String, userID: String, name: String?, description: String?,
        sizeGB: Int, status: VolumeStatus = .creating, availabilityZone: String, volumeTypeID: UUID,
        host: String? = nil, bootable: Bool = false, multiattach: Bool = false,
        metadata: [String: String] = [:], readonly: Bool = false, snapshotID: UUID? = nil,
        sourceVolumeID: UUID? = nil, extendSizeGB: Int? = nil, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.projectID = projectID
        self.userID = userID
        self.name = name
        self.description = description
        self.sizeGB = sizeGB
        self.status = status
        self.availabilityZone = availabilityZone
        self.volumeTypeID = volumeTypeID
        self.host = host
        self.bootable = bootable
        self.multiattach = multiattach
        self.metadata = metadata
        self.readonly = readonly
        self.snapshotID = snapshotID
        self.sourceVolumeID = sourceVolumeID
        self.extendSizeGB = extendSizeGB
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension Volume {
    /// What the new volume's content is copied from, if anything.
    package var source: VolumeSource? {
        if let snapshotID { return .snapshot(snapshotID) }
        return sourceVolumeID.map(VolumeSource.volume)
    }
}

/// The editable fields of a volume; nil leaves a field as it is.
package struct VolumeUpdate: Sendable, Equatable {
    package var name: String??
    package var description: String??
    package var metadata: MetadataEdit?
    package var bootable: Bool?
    package var readonly: Bool?
    /// When set, the edit applies only if the metadata still has this tag (an `If-Match` ETag, 3.15);
    /// the store compares it in the transaction that writes, and throws a failed precondition otherwise.
    package var expectedMetadataTag: String?
    /// A snapshot's progress as `os-update_snapshot_status` reports it (`80%`); snapshots only.
    package var progress: String?

    package init(
        name: String?? = nil, description: String?? = nil, metadata: MetadataEdit? = nil,
        bootable: Bool? = nil, readonly: Bool? = nil, progress: String? = nil
    ) {
        self.progress = progress
        self.name = name
        self.description = description
        self.metadata = metadata
        self.bootable = bootable
        self.readonly = readonly
    }
}

/// Which volumes a listing returns.
package struct VolumeQuery: Sendable {
    /// nil lists every project's volumes (an admin's `all_tenants`).
    package var projectID: String?
    package var name: String?
    package var status: VolumeStatus?
    package var host: String?
    /// The page to cut in the store, in the listing's default order; nil for every match.
    package var page: VolumePage?

    package init(projectID: String?, name: String? = nil, status: VolumeStatus? = nil, host: String? = nil) {
        self.projectID = projectID
        self.name = name
        self.status = status
        self.host = host
    }
}

/// A page of a volume listing cut by the store, so a page of 100 reads 100 rows whatever the project
/// holds: in the default order (newest first, then by id, descending), the volumes after `marker`
/// (an id, which must match the query, or the listing is a 404), skipping `offset`, at most `limit`.
package struct VolumePage: Sendable, Equatable {
    package var limit: Int
    package var offset: Int
    package var marker: String?

    package init(limit: Int, offset: Int = 0, marker: String? = nil) {
        self.limit = limit
        self.offset = offset
        self.marker = marker
    }
}

/// A change to a metadata map, applied by the store inside one transaction so concurrent edits of
/// different keys never lose each other.
package enum MetadataEdit: Sendable, Equatable {
    /// The map becomes exactly this (`PUT .../metadata`, or a volume update with `metadata`).
    case replace([String: String])
    /// These keys are set, the others kept (`POST .../metadata`, `PUT .../metadata/{key}`).
    case merge([String: String])
    case remove(String)

    package func applied(to map: [String: String]) -> [String: String] {
        switch self {
        case .replace(let new): new
        case .merge(let new): map.merging(new) { _, new in new }
        case .remove(let key): map.filter { $0.key != key }
        }
    }

    /// The edit applied, refused when it would leave more than `limit` items (an edit that shrinks an
    /// over-full map is allowed, so an older map can always be cut down).
    package func applied(to map: [String: String], limit: Int) throws(Fault) -> [String: String] {
        let result = applied(to: map)
        if result.count > map.count { try MetadataLimit.check(result, limit: limit) }
        return result
    }
}

/// How many metadata items one volume or snapshot may hold: without a cap, repeated merges grew one
/// volume to 60,000 keys and slowed every listing of its project.
package enum MetadataLimit {
    package static let defaultItems = 128

    package static func check(_ map: [String: String], limit: Int) throws(Fault) {
        guard map.count <= limit else {
            throw Fault.badRequest("Invalid input received: at most \(limit) metadata items are allowed; this request would make \(map.count).")
        }
    }
}

/// A stable tag of a metadata map, for `ETag` / `If-Match` (FNV-1a over the sorted pairs: the same
/// map always gives the same tag, in every process).
package enum MetadataTag {
    package static func of(_ map: [String: String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (key, value) in map.sorted(by: { $0.key < $1.key }) {
            for byte in key.utf8 + [0] + value.utf8 + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    /// Throws a failed precondition unless `expected` is nil or the tag of `map`.
    package static func check(_ expected: String?, against map: [String: String]) throws(Fault) {
        guard let expected else { return }
        let unquoted = expected.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard unquoted == "*" || unquoted == of(map) else {
            throw Fault(.preconditionFailed, "The metadata changed since it was read (If-Match \(expected) does not match).")
        }
    }
}
