import Foundation
import Hummingbird

/// The query string of a volume listing: filters, paging and `with_count`.
struct VolumeListing {
    var query: VolumeQuery
    var limit: Int?
    var marker: String?
    var withCount: Bool
    var timeFilters: [TimeFilter] = []

    init(query parameters: Parameters, caller: CallContext, version: APIVersion) throws {
        let allTenants = caller.isAdmin && Self.truthy(parameters.get("all_tenants"))
        query = VolumeQuery(projectID: allTenants ? parameters.get("project_id") : caller.projectID)
        query.name = parameters.get("name")
        if let status = parameters.get("status") {
            guard let parsed = VolumeStatus(rawValue: status), parsed != .deleted else {
                throw Fault.invalidInput("'\(status)' is not a volume status.")
            }
            query.status = parsed
        }
        if let text = parameters.get("limit") {
            guard let value = Int(text), value >= 0 else { throw Fault.badRequest("limit param must be an integer") }
            limit = value
        }
        marker = parameters.get("marker")
        withCount = version >= .withCount && Self.truthy(parameters.get("with_count"))
        if version >= .timeComparisonFilters {
            timeFilters = try TimeFilter.fields.compactMap { field in
                try parameters.get(field).map { try TimeFilter(field: field, value: $0) }
            }
        }
    }

    /// The volumes that pass the filters the store cannot apply.
    func filter(_ volumes: [Volume]) -> [Volume] {
        timeFilters.isEmpty ? volumes : volumes.filter { volume in timeFilters.allSatisfy { $0.matches(volume) } }
    }

    /// The volumes after the marker, at most `limit` of them. An unknown marker is a 404, as in Cinder.
    func page(of volumes: [Volume]) throws -> [Volume] {
        var rest = volumes[...]
        if let marker {
            guard let index = volumes.firstIndex(where: { $0.id.key == marker.lowercased() }) else {
                throw Fault.notFound("Marker \(marker) could not be found.")
            }
            rest = volumes[(index + 1)...]
        }
        return Array(limit.map { rest.prefix($0) } ?? rest)
    }

    /// The `next` link when the page stopped at the limit with volumes left over.
    func nextLink(page: [Volume], total: [Volume], base: String) -> String? {
        guard let limit, page.count == limit, let last = page.last, total.last != last else { return nil }
        return "\(base)?limit=\(limit)&marker=\(last.id.key)"
    }

    private static func truthy(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "true", "yes", "on"].contains(value.lowercased())
    }
}
