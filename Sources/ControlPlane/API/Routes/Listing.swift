import EmberModel
import Foundation
import Hummingbird

/// A value of an item's field, as listings compare and sort it.
enum FieldValue: Comparable {
    case missing
    case number(Int)
    case text(String)
    case date(Date)

    /// How a query-string value is compared with it.
    var text: String {
        switch self {
        case .missing: ""
        case .number(let number): String(number)
        case .text(let text): text
        case .date(let date): CinderDate.string(date)
        }
    }
}

/// Something a listing can filter, sort and page: volumes and snapshots.
protocol ListedItem {
    var id: UUID { get }
    var name: String? { get }
    var description: String? { get }
    var sizeGB: Int { get }
    var statusName: String { get }
    var metadata: [String: String] { get }
    var createdAt: Date { get }
    var updatedAt: Date? { get }
    /// The value of a field only this kind of item has.
    func specificField(_ name: String) -> FieldValue
}

extension ListedItem {
    /// The value of a sortable or filterable field.
    func field(_ field: String) -> FieldValue {
        switch field {
        case "id": .text(id.key)
        case "name": name.map(FieldValue.text) ?? .missing
        case "description": description.map(FieldValue.text) ?? .missing
        case "status": .text(statusName)
        case "size": .number(sizeGB)
        case "created_at": .date(createdAt)
        case "updated_at": updatedAt.map(FieldValue.date) ?? .missing
        default: specificField(field)
        }
    }
}

/// The query string of a listing as Cinder reads it: exact filters, like-filters (`name~`, 3.34),
/// `metadata`, time comparisons (3.60), `sort` / `sort_key` / `sort_dir`, `limit`, `marker`, `offset`,
/// `with_count` (3.45).
struct Listing {
    /// The most items one page holds, whatever `limit` asks (Cinder's `osapi_max_limit`).
    static let maximumLimit = 1000

    struct SortKey: Equatable {
        var field: String
        var ascending: Bool
    }

    var limit: Int?
    var marker: String?
    /// Items skipped after the marker.
    var offset = 0
    var sort: [SortKey]
    var withCount: Bool
    var exact: [String: String] = [:]
    var like: [String: String] = [:]
    var metadata: [String: String] = [:]
    var timeFilters: [TimeFilter] = []

    /// Reads the parameters; `sortable` and `filterable` name the fields this resource allows.
    init(_ parameters: Parameters, version: APIVersion, sortable: Set<String>, filterable: Set<String>) throws {
        limit = try Self.nonNegative(parameters, "limit")
        offset = try Self.nonNegative(parameters, "offset") ?? 0
        marker = parameters.get("marker")
        withCount = version >= .withCount && Self.truthy(parameters.get("with_count"))
        sort = try Self.sortKeys(parameters, allowed: sortable)
        for field in filterable {
            if let value = parameters.get(field) { exact[field] = value }
            if version >= .likeFilters, let value = parameters.get(field + "~") { like[field] = value.lowercased() }
        }
        if let text = parameters.get("metadata") { metadata = try Self.metadata(text) }
        if version >= .timeComparisonFilters {
            timeFilters = try TimeFilter.fields.compactMap { field in
                try parameters.get(field).map { try TimeFilter(field: field, value: $0) }
            }
        }
    }

    /// The items that pass the filters, sorted, then the page after the marker. An unknown marker is
    /// a 404, as in Cinder.
    func apply<Item: ListedItem>(to items: [Item]) throws -> ListingPage<Item> {
        let matching = items.filter(passes).sorted(by: precedes)
        var rest = matching[...]
        if let marker {
            guard let index = matching.firstIndex(where: { $0.id.key == marker.lowercased() }) else {
                throw Fault.markerNotFound(marker)
            }
            rest = matching[(index + 1)...]
        }
        rest = rest.dropFirst(offset)
        let page = Array(rest.prefix(pageSize))
        return ListingPage(items: page, matching: matching.count)
    }

    /// The page for the store to cut (in SQL), when this listing filters and sorts nothing itself:
    /// no filters beyond the query's, the default order. Otherwise nil, and `apply` cuts it.
    var storePage: VolumePage? {
        guard sort.isEmpty, exact.isEmpty, like.isEmpty, metadata.isEmpty, timeFilters.isEmpty else { return nil }
        return VolumePage(limit: pageSize, offset: offset, marker: marker)
    }

    /// How many items a page holds: the limit asked, at most `maximumLimit`.
    var pageSize: Int { min(limit ?? Self.maximumLimit, Self.maximumLimit) }

    /// The `next` link, as Cinder gives it: whenever a page is full (even when nothing follows; with
    /// `with_count`, whenever the matching items fill a page), the same query with the last item as
    /// the marker.
    func nextLink<Item: ListedItem>(_ page: ListingPage<Item>, request: Request) -> JSONValue? {
        guard let last = page.items.last, pageSize <= (withCount ? page.matching : page.items.count) else { return nil }
        var query = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("marker=") }.map(String.init)
        query.append("marker=\(last.id.key)")
        return [["href": .string("\(request.baseURL)\(request.uri.path)?\(query.joined(separator: "&"))"), "rel": "next"]]
    }

    /// `limit` or `offset`: a non-negative integer, with Cinder's messages otherwise.
    private static func nonNegative(_ parameters: Parameters, _ name: String) throws -> Int? {
        guard let text = parameters.get(name) else { return nil }
        guard let value = Int(text) else { throw Fault.invalidInput("\(name) param must be an integer") }
        guard value >= 0 else { throw Fault.invalidInput("\(name) param must be positive") }
        return value
    }

    private func passes(_ item: some ListedItem) -> Bool {
        exact.allSatisfy { field, wanted in Self.equal(item.field(field), wanted) }
            && like.allSatisfy { field, part in item.field(field).text.lowercased().contains(part) }
            && metadata.allSatisfy { key, value in item.metadata[key] == value }
            && timeFilters.allSatisfy { $0.matches(item) }
    }

    /// Booleans match Cinder 3.2's spellings (`1/t/true/yes/on` and `0/f/false/no/off`).
    private static func equal(_ value: FieldValue, _ wanted: String) -> Bool {
        if case .text(let text) = value, ["true", "false"].contains(text) {
            let lowered = wanted.lowercased()
            return text == "true" ? ["1", "t", "true", "yes", "on"].contains(lowered) : ["0", "f", "false", "no", "off"].contains(lowered)
        }
        return value.text == wanted
    }

    /// The sort order: the requested keys, then newest first, then by id, so pages never overlap.
    private func precedes(_ a: some ListedItem, _ b: some ListedItem) -> Bool {
        for key in sort + [SortKey(field: "created_at", ascending: false), SortKey(field: "id", ascending: false)] {
            let (x, y) = (a.field(key.field), b.field(key.field))
            if x != y { return key.ascending ? x < y : x > y }
        }
        return false
    }

    /// `sort=name:asc,size` (2.x style) or `sort_key=name&sort_dir=asc`; the direction defaults to desc.
    private static func sortKeys(_ parameters: Parameters, allowed: Set<String>) throws -> [SortKey] {
        var keys: [SortKey] = []
        if let sort = parameters.get("sort") {
            guard parameters.get("sort_key") == nil, parameters.get("sort_dir") == nil else {
                throw Fault.invalidInput("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.")
            }
            for part in sort.split(separator: ",", omittingEmptySubsequences: false) {
                let (key, direction) = splitSortKey(part)
                keys.append(try sortKey(key, direction, allowed: allowed))
            }
        } else if let key = parameters.get("sort_key") {
            keys.append(try sortKey(key, parameters.get("sort_dir"), allowed: allowed))
        } else if let direction = parameters.get("sort_dir") {
            keys.append(try sortKey("created_at", direction, allowed: allowed))
        }
        return keys
    }

    /// `key:dir` as Cinder reads it (Python's `partition`): the key before the first colon, the direction
    /// after it; an empty direction is the default. An empty key is refused by `sortKey`.
    static func splitSortKey(_ part: Substring) -> (key: String, direction: String?) {
        guard let colon = part.firstIndex(of: ":") else { return (part.trimmingCharacters(in: .whitespaces), nil) }
        let direction = part[part.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return (part[..<colon].trimmingCharacters(in: .whitespaces), direction.isEmpty ? nil : direction)
    }

    private static func sortKey(_ field: String, _ direction: String?, allowed: Set<String>) throws -> SortKey {
        let field = field == "display_name" ? "name" : field
        guard allowed.contains(field) else {
            throw Fault.invalidInput("Invalid sort key '\(field)'; sort keys are \(allowed.sorted().joined(separator: ", ")).")
        }
        switch direction?.lowercased() {
        case nil, "desc": return SortKey(field: field, ascending: false)
        case "asc": return SortKey(field: field, ascending: true)
        case let other?: throw Fault.invalidInput("Invalid sort direction '\(other)'; it must be asc or desc.")
        }
    }

    /// Cinder reads `metadata` with Python's literal_eval, and cinderclient sends a dict's repr:
    /// `{'k': 'v'}`. JSON and that form (single quotes) are both read.
    static func metadata(_ text: String) throws -> [String: String] {
        for candidate in [text, text.replacingOccurrences(of: "'", with: "\"")] {
            if let map = try? JSONDecoder().decode([String: String].self, from: Data(candidate.utf8)) { return map }
        }
        throw Fault.invalidInput("metadata filter '\(text)' must be a map of strings, such as {\"key\": \"value\"}.")
    }

    /// Whether a view's fields equal every one of `keys` the query gives (the exact filters of
    /// `/messages` and `/operations`, which filter on what they show).
    static func matchesExactly(_ view: JSONValue, _ keys: Set<String>, _ query: Parameters) -> Bool {
        keys.allSatisfy { key in query.get(key).map { view[key]?.stringValue == $0 } ?? true }
    }

    static func truthy(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "true", "yes", "on"].contains(value.lowercased())
    }
}

/// One page of a listing, with what the `count` and `next` link need.
struct ListingPage<Item> {
    var items: [Item]
    /// How many items passed the filters, on every page (`with_count`).
    var matching: Int
}
