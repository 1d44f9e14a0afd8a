import EmberModel
import Foundation

/// Cinder 3.60's time-comparison filters on listings: `created_at=gt:2026-01-01T00:00:00`
/// (operators gt, gte, eq, neq, lt, lte; a timestamp without a zone is UTC).
struct TimeFilter {
    enum Operator: String { case gt, gte, eq, neq, lt, lte }

    static let fields = ["created_at", "updated_at"]

    var field: String
    var op: Operator
    var date: Date

    init(field: String, value: String) throws {
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let op = Operator(rawValue: parts[0].lowercased()) else {
            throw Fault.invalidInput("\(field) filter '\(value)' must be OPERATOR:TIMESTAMP with an operator of gt, gte, eq, neq, lt or lte.")
        }
        guard let date = Self.parse(parts[1]) else {
            throw Fault.invalidInput("\(field) filter '\(value)' does not hold an ISO 8601 timestamp.")
        }
        self.field = field
        self.op = op
        self.date = date
    }

    /// Whether an item passes; one never updated fails every `updated_at` comparison but `neq`.
    func matches(_ item: some ListedItem) -> Bool {
        guard let value = field == "created_at" ? item.createdAt : item.updatedAt else { return op == .neq }
        switch op {
        case .gt: return value > date
        case .gte: return value >= date
        case .eq: return value == date
        case .neq: return value != date
        case .lt: return value < date
        case .lte: return value <= date
        }
    }

    private static func parse(_ text: String) -> Date? {
        let hasZone = text.hasSuffix("Z") || text.dropFirst(19).contains { $0 == "+" || $0 == "-" }
        let zoned = hasZone ? text : text + "Z"
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: zoned) { return date }
        }
        return nil
    }
}
