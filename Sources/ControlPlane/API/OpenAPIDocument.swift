import Yams

/// The API's contract: `OpenAPI/cinder.yaml`, `admin.yaml`, `qos.yaml`, `transfers.yaml`, `messages.yaml`,
/// `groups.yaml`, `identity.yaml` and Ember's own `operations.yaml`,
/// embedded at build time and merged into the one OpenAPI 3.1 document `GET /openapi.json` serves.
///
/// Kept true by tests: a router-mode test holds the router's routes and the document's operations to
/// each other both ways, the compat suite validates real responses against it, and bounded
/// schemathesis runs fuzz a live server from it (zero 5xx, every 4xx a fault body).
enum OpenAPIDocument {
    /// Why the embedded documents could not be served.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// The served document, or why the embedded ones do not make one (tests fail on that).
    static let merged: Result<JSONValue, any Error> = Result {
        try [
            PackageResources.admin_yaml, PackageResources.qos_yaml, PackageResources.transfers_yaml, PackageResources.messages_yaml,
            PackageResources.groups_yaml,
            PackageResources.identity_yaml, PackageResources.operations_yaml,
        ].reduce(
            try parse(PackageResources.cinder_yaml)
        ) {
            try merge($0, try parse($1))
        }
    }

    /// The served document as JSON bytes.
    static let json: Result<[UInt8], any Error> = merged.map { JSONWriter.bytes($0) }

    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        guard let node = try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)) else { throw Invalid(description: "empty document") }
        return try value(node)
    }

    /// A YAML node as JSON, keeping the order of mappings.
    private static func value(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar:
            switch node.tag.description {
            case Tag(.null).description: return .null
            case Tag(.bool).description: if let flag = node.bool { return .bool(flag) }
            case Tag(.int).description: if let number = node.int { return .int(number) }
            case Tag(.float).description: if let number = node.float { return .double(number) }
            default: break
            }
            return .string(node.string ?? "")
        case .sequence(let sequence):
            return .array(try sequence.map(value))
        case .mapping(let mapping):
            var object: JSONObject = [:]
            for (key, item) in mapping {
                guard let name = key.string else { throw Invalid(description: "a mapping key that is not a string") }
                object[name] = try value(item)
            }
            return .object(object)
        case .alias:
            throw Invalid(description: "YAML aliases are not used in the contract")
        }
    }

    /// Cinder's document with identity's paths, tags and components added; a path or component that
    /// both define differently is an error, so neither silently hides the other.
    static func merge(_ base: JSONValue, _ addition: JSONValue) throws -> JSONValue {
        guard case .object(var merged) = base, case .object(let extra) = addition else { throw Invalid(description: "not an object") }
        merged["paths"] = try union(merged["paths"], extra["paths"], "path")
        guard case .object(var components) = merged["components"] ?? .object([:]) else { throw Invalid(description: "components") }
        if case .object(let sections) = extra["components"] ?? .object([:]) {
            for (section, entries) in sections.pairs { components[section] = try union(components[section], entries, section) }
        }
        merged["components"] = .object(components)
        return .object(merged)
    }

    private static func union(_ base: JSONValue?, _ addition: JSONValue?, _ what: String) throws -> JSONValue {
        guard case .object(var result) = base ?? .object([:]), case .object(let extra) = addition ?? .object([:]) else {
            throw Invalid(description: "\(what)s are not an object")
        }
        for (key, value) in extra.pairs {
            if let existing = result[key], existing != value { throw Invalid(description: "\(what) \(key) is defined twice, differently") }
            result[key] = value
        }
        return .object(result)
    }
}
