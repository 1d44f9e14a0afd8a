import EmberModel
import Foundation
import Hummingbird

/// The body of `POST .../action`: one key naming the action, its value the arguments.
struct VolumeAction {
    var name: String
    var arguments: [String: JSONValue]

    /// Reads an action among `allowed`; any other is Cinder's 400 "There is no such action".
    static func read(_ request: Request, allowed: Set<String>) async throws -> VolumeAction {
        try parse(try await RequestBody.topObject(request), allowed: allowed)
    }

    static func parse(_ top: [String: JSONValue], allowed: Set<String>) throws(Fault) -> VolumeAction {
        guard top.count == 1, let (name, value) = top.first else {
            throw Fault.badRequest("Malformed request body: exactly one action is expected.")
        }
        guard allowed.contains(name) else { throw Fault.badRequest("There is no such action: \(name)") }
        switch value {
        case .null: return VolumeAction(name: name, arguments: [:])
        case .object(let object): return VolumeAction(name: name, arguments: object.dictionary)
        default: throw FieldError.invalid(name, value, "is not of type 'object'")
        }
    }

    /// The `status` argument of a reset, which must be one of `allowed`.
    func status<Status: RawRepresentable<String>>(_ type: Status.Type, allowed: Set<Status>) throws -> Status {
        guard let text = try FieldError.string(arguments, "status") else {
            throw Fault.badRequest("Invalid input for field/attribute \(name). 'status' is a required property.")
        }
        guard let status = Status(rawValue: text), allowed.contains(status) else {
            let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            throw Fault.invalidInput("'\(text)' is not a valid status; it must be one of \(names).")
        }
        return status
    }

    /// A required boolean argument.
    func flag(_ field: String) throws -> Bool {
        guard let value = try FieldError.bool(arguments, field) else {
            throw Fault.badRequest("Invalid input for field/attribute \(name). '\(field)' is a required property.")
        }
        return value
    }
}
