import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// The query string of a volume listing: whose volumes (`all_tenants`, `project_id` for admins) and
/// the generic filters, sort and paging.
struct VolumeListing {
    static let sortable: Set<String> = ["id", "name", "status", "size", "availability_zone", "created_at", "updated_at", "bootable"]
    static let filterable: Set<String> = ["name", "status", "bootable", "availability_zone", "size", "description"]

    var query: VolumeQuery
    var listing: Listing

    init(query parameters: Parameters, caller: CallContext, version: APIVersion) throws {
        let allTenants = caller.isAdmin && Listing.truthy(parameters.get("all_tenants"))
        query = VolumeQuery(projectID: allTenants ? parameters.get("project_id") : caller.projectID)
        // A status no volume has (`null`, `deleted`, a typo) matches nothing, as Cinder's database
        // filter does; the generic status filter then finds no volume.
        if let status = parameters.get("status").flatMap(VolumeStatus.init(rawValue:)), status != .deleted {
            query.status = status
        }
        listing = try Listing(parameters, version: version, sortable: Self.sortable, filterable: Self.filterable)
    }

    /// The page asked for: cut by the store when it can (a page of 100 then reads 100 rows), else
    /// from every match, filtered and sorted here.
    func page(from store: any Store) async throws -> ListingPage<Volume> {
        guard let page = listing.storePage else { return try listing.apply(to: try await store.volumes(matching: query)) }
        var paged = query
        paged.page = page
        let items = try await store.volumes(matching: paged)
        return ListingPage(items: items, matching: listing.withCount ? try await store.countVolumes(matching: query) : items.count)
    }
}

extension Volume: ListedItem {
    var statusName: String { status.rawValue }

    func specificField(_ name: String) -> FieldValue {
        switch name {
        case "availability_zone": .text(availabilityZone)
        case "bootable": .text(bootable ? "true" : "false")
        default: .missing
        }
    }
}

extension Snapshot: ListedItem {
    var statusName: String { status.rawValue }

    func specificField(_ name: String) -> FieldValue {
        name == "volume_id" ? .text(volumeID.key) : .missing
    }
}
