/// A per-project limit Ember enforces or reports, named as in Cinder's `os-quota-sets`.
package enum QuotaResource: String, Sendable, CaseIterable, Codable {
    case volumes
    case snapshots
    case gigabytes
    case perVolumeGigabytes = "per_volume_gigabytes"
    case backups
    case backupGigabytes = "backup_gigabytes"
    case groups

    /// Cinder's defaults (`quota_volumes` and friends); -1 is unlimited.
    package var defaultLimit: Int {
        switch self {
        case .volumes, .snapshots, .backups, .groups: 10
        case .gigabytes, .backupGigabytes: 1000
        case .perVolumeGigabytes: -1
        }
    }
}

/// A project's limits: its own overrides over the `default` quota class's, over Cinder's defaults;
/// and the per-volume-type limits (`volumes_<type>`, `snapshots_<type>`, `gigabytes_<type>`).
package struct QuotaLimits: Sendable, Equatable {
    package var overrides: [QuotaResource: Int]
    /// The `default` quota class's limits (`os-quota-class-sets/default`).
    package var classDefaults: [QuotaResource: Int]
    /// Per-type limits by key (`volumes_gold`), the project's over the class's; absent is unlimited.
    package var perType: [String: Int]

    package init(overrides: [QuotaResource: Int] = [:], classDefaults: [QuotaResource: Int] = [:], perType: [String: Int] = [:]) {
        self.overrides = overrides
        self.classDefaults = classDefaults
        self.perType = perType
    }

    package subscript(resource: QuotaResource) -> Int {
        overrides[resource] ?? classDefaults[resource] ?? resource.defaultLimit
    }

    /// The limit of `resource` for volumes of type `typeName` (-1, unlimited, unless set).
    package func limit(_ resource: QuotaResource, type typeName: String) -> Int {
        perType[QuotaResource.perTypeKey(resource, typeName)] ?? -1
    }

    /// Whether adding these amounts meets a limit at all: when none of them has one, what the project
    /// holds need not be counted.
    package func bounds(volumes: Int, snapshots: Int, gigabytes: Int) -> Bool {
        [(QuotaResource.volumes, volumes), (.snapshots, snapshots), (.gigabytes, gigabytes)].contains { $1 > 0 && self[$0] >= 0 }
    }

    /// The same for the limits of volumes of type `typeName`.
    package func bounds(type typeName: String, volumes: Int, snapshots: Int, gigabytes: Int) -> Bool {
        [(QuotaResource.volumes, volumes), (.snapshots, snapshots), (.gigabytes, gigabytes)].contains { $1 > 0 && limit($0, type: typeName) >= 0 }
    }
}

extension QuotaResource {
    /// The resources Cinder also limits per volume type.
    package static let perTypeResources: [QuotaResource] = [.volumes, .snapshots, .gigabytes]

    /// `volumes_<type>` and the like.
    package static func perTypeKey(_ resource: QuotaResource, _ typeName: String) -> String {
        "\(resource.rawValue)_\(typeName)"
    }
}

/// What a project holds now, counted from the live rows.
package struct QuotaUsage: Sendable, Equatable {
    package var volumes: Int
    package var snapshots: Int
    /// Volume sizes (including sizes an extend has reserved) plus snapshot sizes, as Cinder counts them.
    package var gigabytes: Int

    package init(volumes: Int = 0, snapshots: Int = 0, gigabytes: Int = 0) {
        self.volumes = volumes
        self.snapshots = snapshots
        self.gigabytes = gigabytes
    }

    package subscript(resource: QuotaResource) -> Int {
        switch resource {
        case .volumes: volumes
        case .snapshots: snapshots
        case .gigabytes: gigabytes
        case .perVolumeGigabytes, .backups, .backupGigabytes, .groups: 0
        }
    }
}

/// The quota rule as a plain value: whether adding to a project's usage stays within its limits.
/// The store runs it inside the transaction that inserts, so concurrent requests never exceed a quota.
package enum QuotaCheck {
    /// Throws an over-limit fault when adding `volumes`, `snapshots` and `gigabytes` (for one item of
    /// `itemGB`) would exceed `limits`.
    package static func admit(
        volumes: Int = 0, snapshots: Int = 0, gigabytes: Int, itemGB: Int, usage: QuotaUsage, limits: QuotaLimits
    ) throws(Fault) {
        let perVolume = limits[.perVolumeGigabytes]
        if volumes > 0, perVolume >= 0, itemGB > perVolume {
            throw Fault(.overLimit, "Requested volume size \(itemGB)G is larger than maximum allowed limit \(perVolume)G.")
        }
        if volumes > 0, exceeds(usage.volumes + volumes, limits[.volumes]) {
            throw Fault(.overLimit, "Maximum number of volumes allowed (\(limits[.volumes])) exceeded for quota 'volumes'.")
        }
        if snapshots > 0, exceeds(usage.snapshots + snapshots, limits[.snapshots]) {
            throw Fault(.overLimit, "Maximum number of snapshots allowed (\(limits[.snapshots])) exceeded for quota 'snapshots'.")
        }
        if gigabytes > 0, exceeds(usage.gigabytes + gigabytes, limits[.gigabytes]) {
            throw Fault(
                .overLimit,
                "Requested volume or snapshot exceeds allowed gigabytes quota. Requested \(gigabytes)G, quota is \(limits[.gigabytes])G and \(usage.gigabytes)G has been consumed."
            )
        }
    }

    /// The same check for one volume type's limits (`volumes_<type>` and the like) and usage.
    package static func admit(
        type typeName: String, volumes: Int = 0, snapshots: Int = 0, gigabytes: Int, usage: QuotaUsage, limits: QuotaLimits
    ) throws(Fault) {
        for (resource, added, used) in [
            (QuotaResource.volumes, volumes, usage.volumes), (.snapshots, snapshots, usage.snapshots), (.gigabytes, gigabytes, usage.gigabytes),
        ]
        where added > 0 {
            let limit = limits.limit(resource, type: typeName)
            if exceeds(used + added, limit) {
                throw Fault(
                    .overLimit,
                    "Maximum number of \(resource.rawValue) allowed (\(limit)) exceeded for quota '\(QuotaResource.perTypeKey(resource, typeName))'.")
            }
        }
    }

    private static func exceeds(_ total: Int, _ limit: Int) -> Bool { limit >= 0 && total > limit }
}
