import Hummingbird

/// `GET /extensions`: the Cinder API extensions Ember serves, under Cinder's names, aliases and dates,
/// so a client that checks for one (Tempest looks for `Hosts`) finds what is there and only that.
struct ExtensionRoutes {
    /// One extension, as Cinder describes it.
    struct Extension {
        var name: String
        var alias: String
        var updated: String
        var description: String
    }

    static let served: [Extension] = [
        Extension(name: "AdminActions", alias: "os-admin-actions", updated: "2012-08-25T00:00:00+00:00", description: "Enable admin actions."),
        Extension(
            name: "AvailabilityZones", alias: "os-availability-zone", updated: "2013-06-27T00:00:00+00:00",
            description: "Describe Availability Zones."),
        Extension(name: "Capabilities", alias: "capabilities", updated: "2015-08-31T00:00:00+00:00", description: "Capabilities support."),
        Extension(
            name: "ExtendedServices", alias: "os-extended-services", updated: "2014-01-10T00:00:00-00:00",
            description: "Extended services support."),
        Extension(
            name: "ExtendedSnapshotAttributes", alias: "os-extended-snapshot-attributes", updated: "2012-06-19T00:00:00+00:00",
            description: "Extended SnapshotAttributes support."),
        Extension(name: "Hosts", alias: "os-hosts", updated: "2011-06-29T00:00:00+00:00", description: "Admin-only host administration."),
        Extension(name: "Qos_specs_manage", alias: "qos-specs", updated: "2013-08-02T00:00:00+00:00", description: "QoS specs support."),
        Extension(
            name: "QuotaClasses", alias: "os-quota-class-sets", updated: "2012-03-12T00:00:00+00:00",
            description: "Quota classes management support."),
        Extension(name: "Quotas", alias: "os-quota-sets", updated: "2011-08-08T00:00:00+00:00", description: "Quota management support."),
        Extension(
            name: "Scheduler_stats", alias: "scheduler-stats", updated: "2014-09-07T00:00:00+00:00", description: "Scheduler stats support."),
        Extension(name: "Services", alias: "os-services", updated: "2012-10-28T00:00:00-00:00", description: "Services support."),
        Extension(
            name: "SnapshotActions", alias: "os-snapshot-actions", updated: "2013-07-16T00:00:00+00:00",
            description: "Enable snapshot manager actions."),
        Extension(
            name: "TypesExtraSpecs", alias: "os-types-extra-specs", updated: "2011-08-24T00:00:00+00:00", description: "Type extra specs support."),
        Extension(name: "TypesManage", alias: "os-types-manage", updated: "2011-08-24T00:00:00+00:00", description: "Types manage support."),
        Extension(
            name: "UsedLimits", alias: "os-used-limits", updated: "2013-10-03T00:00:00+00:00",
            description: "Provide data on limited resources that are being used."),
        Extension(name: "VolumeActions", alias: "os-volume-actions", updated: "2012-05-31T00:00:00+00:00", description: "Enable volume actions."),
        Extension(
            name: "VolumeHostAttribute", alias: "os-vol-host-attr", updated: "2011-11-03T00:00:00+00:00",
            description: "Expose host as an attribute of a volume."),
        Extension(
            name: "VolumeMigStatusAttribute", alias: "os-vol-mig-status-attr", updated: "2013-08-08T00:00:00+00:00",
            description: "Expose migration_status as an attribute of a volume."),
        Extension(
            name: "VolumeTenantAttribute", alias: "os-vol-tenant-attr", updated: "2011-11-03T00:00:00+00:00",
            description: "Expose the internal project_id as an attribute of a volume."),
        Extension(
            name: "VolumeTypeEncryption", alias: "encryption", updated: "2013-07-01T00:00:00+00:00",
            description: "Encryption support for volume types."),
        Extension(
            name: "VolumeTransfer", alias: "os-volume-transfer", updated: "2013-05-29T00:00:00+00:00",
            description: "Volume transfer management support."),
        Extension(
            name: "VolumeTypeAccess", alias: "os-volume-type-access", updated: "2014-06-26T00:00:00Z", description: "Volume type access support."),
    ]

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.get("\(prefix)/extensions") { _, context in
                _ = try ProjectScope.authenticated(context)
                let entries: [JSONValue] = Self.served.map {
                    [
                        "name": .string($0.name), "alias": .string($0.alias), "updated": .string($0.updated),
                        "description": .string($0.description), "links": [],
                    ]
                }
                return JSONResponse.make(.ok, ["extensions": .array(entries)])
            }
        }
    }
}
