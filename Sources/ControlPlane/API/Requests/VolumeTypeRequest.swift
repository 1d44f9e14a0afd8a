import EmberModel
import Foundation

/// A validated `POST /types` or `PUT /types/{id}` body.
struct VolumeTypeRequest {
    var name: String?
    /// `.some(nil)` clears the description.
    var description: String??
    var isPublic: Bool?
    var extraSpecs: [String: String]?

    /// Cinder 29's schemas: a create takes the access extension's flag and extra specs, an update the
    /// plain `is_public` and neither of those.
    static let createKeys: Set<String> = ["name", "description", "os-volume-type-access:is_public", "extra_specs"]
    static let updateKeys: Set<String> = ["name", "description", "is_public"]

    init(_ type: [String: JSONValue], creating: Bool) throws(Fault) {
        try FieldError.rejectUnknown(type, allowed: creating ? Self.createKeys : Self.updateKeys, in: "volume_type")
        name = try FieldError.string(type, "name")
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw FieldError.invalid("name", .string(name), "is not a valid name: it is empty or blank")
        }
        if creating, name == nil {
            throw Fault.badRequest("Invalid input for field/attribute volume_type. 'name' is a required property.")
        }
        if type["description"] != nil { description = .some(try FieldError.string(type, "description")) }
        let accessFlag = try FieldError.bool(type, "os-volume-type-access:is_public")
        isPublic = if let accessFlag { accessFlag } else { try FieldError.bool(type, "is_public") }
        extraSpecs = try FieldError.metadata(type, "extra_specs")
        if !creating, name == nil, description == nil, isPublic == nil {
            throw Fault.badRequest("Specify volume type name, description, is_public or a combination thereof.")
        }
    }
}
