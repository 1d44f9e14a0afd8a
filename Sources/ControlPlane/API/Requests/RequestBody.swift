import EmberModel
import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat

/// Reading request bodies: size-limited, JSON only, and the top-level keys checked.
enum RequestBody {
    static let maximumBytes = ConnectionLimits.defaultMaxBodyBytes

    /// The body as a JSON object whose only top-level keys are among `allowed`, and which holds `required`.
    static func object(_ request: Request, required: String, allowed: Set<String> = []) async throws -> [String: JSONValue] {
        try object(try await topObject(request), required: required, allowed: allowed)
    }

    static func object(_ top: [String: JSONValue], required: String, allowed: Set<String> = []) throws(Fault) -> [String: JSONValue] {
        try FieldError.rejectUnknown(top, allowed: allowed.union([required]), in: required)
        guard let inner = top[required] else {
            throw Fault.badRequest("Missing required element '\(required)' in request body.")
        }
        guard let object = inner.objectValue else {
            throw FieldError.invalid(required, inner, "is not of type 'object'")
        }
        return object
    }

    /// The body as a JSON object.
    static func topObject(_ request: Request) async throws -> [String: JSONValue] {
        var request = request
        return try topObject(Data(buffer: try await request.collectBody(upTo: maximumBytes)))
    }

    /// The bytes of a body as a JSON object (what the fuzzer feeds).
    static func topObject(_ bytes: Data) throws(Fault) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: bytes)
        } catch {
            throw Fault.badRequest("Malformed message body: the body is not valid JSON.")
        }
        guard let top = value.objectValue else {
            throw Fault.badRequest("Malformed message body: a JSON object is expected.")
        }
        return top
    }
}

/// Validation of single fields, with Cinder's wording: "Invalid input for field/attribute X. Value: V. why".
enum FieldError {
    static func invalid(_ field: String, _ value: JSONValue, _ reason: String) -> Fault {
        .badRequest("Invalid input for field/attribute \(field). Value: \(value.display). \(value.display) \(reason)")
    }

    static func rejectUnknown(_ object: [String: JSONValue], allowed: Set<String>, in field: String) throws(Fault) {
        let unexpected = Set(object.keys).subtracting(allowed).sorted()
        guard unexpected.isEmpty else {
            let names = unexpected.map { "'\($0)'" }.joined(separator: ", ")
            throw Fault.badRequest(
                "Invalid input for field/attribute \(field). Additional properties are not allowed (\(names) \(unexpected.count == 1 ? "was" : "were") unexpected)."
            )
        }
    }

    /// An optional string no longer than `maxLength`; null counts as absent. A NUL character is refused:
    /// the database would keep only what comes before it.
    static func string(_ object: [String: JSONValue], _ field: String, maxLength: Int = 255) throws(Fault) -> String? {
        guard let value = object[field], value != .null else { return nil }
        guard let string = value.stringValue else { throw invalid(field, value, "is not of type 'string'") }
        guard string.count <= maxLength else { throw invalid(field, value, "is too long (more than \(maxLength) characters)") }
        try refuseNUL(string, field)
        return string
    }

    static func refuseNUL(_ text: String, _ field: String) throws(Fault) {
        guard !text.utf8.contains(0) else {
            throw Fault.badRequest("Invalid input for field/attribute \(field). It contains a NUL character, which is not allowed.")
        }
    }

    /// A whole number from 1 to `maximum`, given as a JSON integer or a string of digits (as Cinder accepts).
    static func positiveInteger(_ object: [String: JSONValue], _ field: String, maximum: Int = Int(Int32.max)) throws(Fault) -> Int? {
        guard let value = object[field], value != .null else { return nil }
        let number: Int? =
            switch value {
            case .int(let int): int
            case .string(let text) where !text.isEmpty && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber): Int(text)
            default: nil
            }
        guard let number else { throw invalid(field, value, "is not a valid integer") }
        guard number >= 1 else { throw invalid(field, value, "is less than the minimum of 1") }
        guard number <= maximum else { throw invalid(field, value, "is greater than the maximum of \(maximum)") }
        return number
    }

    static func bool(_ object: [String: JSONValue], _ field: String) throws(Fault) -> Bool? {
        guard let value = object[field], value != .null else { return nil }
        switch value {
        case .bool(let bool): return bool
        case .string(let text) where ["true", "false"].contains(text.lowercased()): return text.lowercased() == "true"
        default: throw invalid(field, value, "is not of type 'boolean'")
        }
    }

    /// A map of strings to strings: keys 1 to 255 characters, values up to 255.
    static func metadata(_ object: [String: JSONValue], _ field: String = "metadata") throws(Fault) -> [String: String]? {
        guard let value = object[field], value != .null else { return nil }
        guard let map = value.objectValue else { throw invalid(field, value, "is not of type 'object'") }
        var result: [String: String] = [:]
        for (key, item) in map {
            guard !key.isEmpty, key.count <= 255 else { throw invalid(field, value, "has a key that is empty or longer than 255 characters") }
            guard let text = item.stringValue, text.count <= 255 else {
                throw invalid(field, value, "has a value that is not a string of at most 255 characters")
            }
            try refuseNUL(key, field)
            try refuseNUL(text, field)
            result[key] = text
        }
        return result
    }
}
