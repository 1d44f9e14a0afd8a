/// A user or a project, named by id, or by name within a domain (named by id or by name).
public struct EntityReference: Sendable, Equatable {
    public var id: String?
    public var name: String?
    public var domain: DomainReference?

    public init(id: String? = nil, name: String? = nil, domain: DomainReference? = nil) {
        self.id = id
        self.name = name
        self.domain = domain
    }
}

public typealias UserReference = EntityReference
public typealias ProjectReference = EntityReference

/// A domain named by id or by name.
public struct DomainReference: Sendable, Equatable {
    public var id: String?
    public var name: String?

    public init(id: String? = nil, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

/// `POST /v3/auth/tokens`: how the caller proves who they are, and the project the token is for.
public struct AuthRequest: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        case password(UserReference, String)
        case token(String)
    }

    public var method: Method
    /// nil asks for the user's default project, or an unscoped token.
    public var scope: ProjectReference?

    public init(method: Method, scope: ProjectReference? = nil) {
        self.method = method
        self.scope = scope
    }
}
