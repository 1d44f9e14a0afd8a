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

    static let metadataKeyCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:. /")

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

    /// Cinder's `boolean` type: JSON booleans and the strings of `strutils.bool_from_string`'s strict set.
    static func bool(_ object: [String: JSONValue], _ field: String) throws(Fault) -> Bool? {
        guard let value = object[field], value != .null else { return nil }
        switch value {
        case .bool(let bool): return bool
        case .string(let text) where trueStrings.contains(text): return true
        case .string(let text) where falseStrings.contains(text): return false
        default: throw invalid(field, value, "is not of type 'boolean'")
        }
    }

    static let trueStrings: Set<String> = ["True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes", "y", "t"]
    static let falseStrings: Set<String> = ["False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no", "n", "f"]

    /// An optional UUID (Cinder's `optional_uuid`): null counts as absent; anything else must be one.
    static func uuid(_ object: [String: JSONValue], _ field: String) throws(Fault) -> String? {
        guard let text = try string(object, field) else { return nil }
        // As oslo's `is_uuid_like`: the 36-character form, or its 32 hex digits without dashes.
        let undashed = text.count == 32 && text.allSatisfy(\.isHexDigit)
        guard UUID(uuidString: text) != nil || undashed else { throw invalid(field, .string(text), "is not a 'uuid'") }
        return text
    }

    /// Refuses a body that names none of `fields` (Cinder's `anyOf` of `required`s).
    static func requireOne(of fields: [String], in object: [String: JSONValue], _ name: String) throws(Fault) {
        guard fields.contains(where: { object[$0] != nil }) else {
            throw Fault.badRequest("Invalid input for field/attribute \(name). One of \(fields.map { "'\($0)'" }.joined(separator: ", ")) is required.")
        }
    }

    /// A map of strings to strings as Cinder's `extra_specs` type: keys of 1 to 255 of
    /// `a-z A-Z 0-9 - _ : . /` and space, values up to 255 characters.
    static func metadata(_ object: [String: JSONValue], _ field: String = "metadata") throws(Fault) -> [String: String]? {
        guard let value = object[field], value != .null else { return nil }
        guard let map = value.objectValue else { throw invalid(field, value, "is not of type 'object'") }
        var result: [String: String] = [:]
        for (key, item) in map {
            guard (1...255).contains(key.count), key.unicodeScalars.allSatisfy(metadataKeyCharacters.contains) else {
                throw Fault.badRequest(
                    "Invalid input for field/attribute \(field). Additional properties are not allowed ('\(key)' does not match '^[a-zA-Z0-9-_:. /]{1,255}$')."
                )
            }
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
