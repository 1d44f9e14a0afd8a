import EmberIdentity
import EmberModel
import Foundation
import Hummingbird

/// Reads `POST /v3/auth/tokens` bodies: the password or token method and an optional project or system scope.
/// Passwords are never echoed in an error.
enum AuthRequestReader {
    static func read(_ request: Request) async throws -> AuthRequest {
        try parse(try await RequestBody.object(request, required: "auth"))
    }

    static func parse(_ auth: [String: JSONValue]) throws -> AuthRequest {
        guard let identity = auth["identity"]?.objectValue else { throw Fault.badRequest("'identity' is a required property") }
        guard let methods = identity["methods"].flatMap(Self.strings), !methods.isEmpty else {
            throw Fault.badRequest("'methods' must be a non-empty list of strings")
        }
        let method: AuthRequest.Method
        if methods.contains("password") {
            method = try password(identity["password"]?.objectValue)
        } else if methods.contains("token") {
            guard let id = identity["token"]?.objectValue?["id"]?.stringValue, !id.isEmpty else {
                throw Fault.badRequest("'id' is a required property of 'token'")
            }
            method = .token(id)
        } else {
            throw Fault(.unauthorized, "Attempted to authenticate with an unsupported method.")
        }
        if let system = auth["scope"]?.objectValue?["system"] {
            guard system.objectValue?["all"] == .bool(true) else { throw Fault.badRequest("A system scope must be {\"all\": true}") }
            return AuthRequest(method: method, system: true)
        }
        return AuthRequest(method: method, scope: try scope(auth["scope"]))
    }

    private static func password(_ body: [String: JSONValue]?) throws -> AuthRequest.Method {
        guard let user = body?["user"]?.objectValue else { throw Fault.badRequest("'user' is a required property of 'password'") }
        guard case .string(let secret)? = user["password"] else { throw Fault.badRequest("'password' is a required property of 'user' and must be a string") }
        let reference = UserReference(id: try text(user, "id"), name: try text(user, "name"), domain: try domain(user["domain"]))
        guard reference.id != nil || reference.name != nil else { throw Fault.badRequest("A user must be named by 'id' or by 'name'") }
        if reference.id == nil, reference.domain == nil { throw Fault.badRequest("A user named by 'name' needs a 'domain'") }
        return .password(reference, secret)
    }

    private static func scope(_ value: JSONValue?) throws -> ProjectReference? {
        guard let value, value != .null else { return nil }
        if value == .string("unscoped") { return nil }
        guard let scope = value.objectValue else { throw Fault.badRequest("'scope' must be an object") }
        guard let project = scope["project"]?.objectValue else {
            throw Fault.badRequest("Ember issues project-scoped, system-scoped and unscoped tokens; a domain scope is not supported.")
        }
        let reference = ProjectReference(id: try text(project, "id"), name: try text(project, "name"), domain: try domain(project["domain"]))
        guard reference.id != nil || reference.name != nil else { throw Fault.badRequest("A project must be named by 'id' or by 'name'") }
        if reference.id == nil, reference.domain == nil { throw Fault.badRequest("A project named by 'name' needs a 'domain'") }
        return reference
    }

    private static func domain(_ value: JSONValue?) throws -> DomainReference? {
        guard let value, value != .null else { return nil }
        guard let object = value.objectValue else { throw Fault.badRequest("'domain' must be an object") }
        let reference = DomainReference(id: try text(object, "id"), name: try text(object, "name"))
        guard reference.id != nil || reference.name != nil else { throw Fault.badRequest("A domain must be named by 'id' or by 'name'") }
        return reference
    }

    private static func text(_ object: [String: JSONValue], _ key: String) throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let string = value.stringValue, string.count <= 255 else { throw Fault.badRequest("'\(key)' must be a string of at most 255 characters") }
        return string
    }

    private static func strings(_ value: JSONValue) -> [String]? {
        guard case .array(let items) = value else { return nil }
        let strings = items.compactMap(\.stringValue)
        return strings.count == items.count ? strings : nil
    }
}
