import EmberModel

/// The two shapes of a fault body Ember writes: Cinder's under the block storage API
/// (`{"itemNotFound": {"code": 404, "message": "..."}}`) and Keystone's under the identity API
/// (`{"error": {"code": 401, "message": "...", "title": "Unauthorized"}}`). The middleware and the
/// connection guard, which answers before any router runs, choose by the same rule.
enum FaultBody: Equatable {
    case cinder
    case keystone

    /// Keystone's under any of `identityRoots` (the empty root is every path), Cinder's elsewhere.
    init(path: String, identityRoots: [String]) {
        let keystone = identityRoots.contains { $0.isEmpty || path == $0 || path.hasPrefix($0 + "/") }
        self = keystone ? .keystone : .cinder
    }

    func render(_ fault: Fault) -> JSONValue {
        switch self {
        case .cinder:
            [fault.name: ["code": .int(fault.code), "message": .string(fault.message)]]
        case .keystone:
            ["error": ["code": .int(fault.code), "message": .string(fault.message), "title": .string(Self.title(fault.code))]]
        }
    }

    /// Keystone's titles: the HTTP reason phrases of the statuses it answers with.
    private static func title(_ code: Int) -> String {
        let titles = [
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            409: "Conflict", 413: "Request Entity Too Large", 415: "Unsupported Media Type", 429: "Too Many Requests",
            503: "Service Unavailable",
        ]
        return titles[code] ?? "Internal Server Error"
    }
}
