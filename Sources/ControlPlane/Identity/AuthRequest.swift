/// A user or a project, named by id, or by name within a domain (named by id or by name).
package struct EntityReference: Sendable, Equatable {
    package var id: String?
    package var name: String?
    package var domain: DomainReference?

    package init(id: String? = nil, name: String? = nil, domain: DomainReference? = nil) {
        self.id = id
        self.name = name
        self.domain = domain
    }
}

package typealias UserReference = EntityReference
package typealias ProjectReference = EntityReference

/// A domain named by id or by name.
package struct DomainReference: Sendable, Equatable {
    package var id: String?
    package var name: String?

    package init(id: String? = nil, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

/// `POST /v3/auth/tokens`: how the caller proves who they are, and the project the token is for.
package struct AuthRequest: Sendable, Equatable {
    package enum Method: Sendable, Equatable {
        case password(UserReference, String)
        case token(String)
    }

    package var method: Method
    /// nil asks for the user's default project, or an unscoped token.
    package var scope: ProjectReference?
    /// A token for the system (`"scope": {"system": {"all": true}}`), with the user's system roles.
    package var system: Bool

    package init(method: Method, scope: ProjectReference? = nil, system: Bool = false) {
        self.method = method
        self.scope = scope
        self.system = system
    }
}
