import Foundation

/// A Keystone domain: the namespace users and projects live in. Ember has the `default` domain (users
/// in the database) and, when LDAP is configured, one domain whose users come from the directory.
package struct IdentityDomain: Sendable, Equatable {
    package var id: String
    package var name: String

    package init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    package static let `default` = IdentityDomain(id: "default", name: "Default")
}

/// A tenant: what volumes, quotas and role assignments belong to.
package struct Project: Sendable, Equatable {
    package var id: String
    package var name: String
    package var domainID: String
    package var description: String
    package var enabled: Bool

    package init(id: String, name: String, domainID: String = IdentityDomain.default.id, description: String = "", enabled: Bool = true) {
        self.id = id
        self.name = name
        self.domainID = domainID
        self.description = description
        self.enabled = enabled
    }
}

/// Someone who can authenticate: from the database or from a directory.
package struct IdentityUser: Sendable, Equatable {
    package var id: String
    package var name: String
    package var domainID: String
    package var enabled: Bool
    package var email: String?
    package var description: String?
    package var defaultProjectID: String?

    package init(
        id: String, name: String, domainID: String, enabled: Bool = true, email: String? = nil,
        description: String? = nil, defaultProjectID: String? = nil
    ) {
        self.id = id
        self.name = name
        self.domainID = domainID
        self.enabled = enabled
        self.email = email
        self.description = description
        self.defaultProjectID = defaultProjectID
    }
}

/// A role, as granted on a project. `admin` implies `member`, which implies `reader` (Keystone's
/// default implied roles), so a token lists every role its holder effectively has.
package struct Role: Sendable, Equatable {
    package var id: String
    package var name: String

    package init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    /// The roles every Ember database starts with, and what each implies.
    package static let builtInNames = ["admin", "member", "reader"]
    static let implied: [String: [String]] = ["admin": ["member"], "member": ["reader"]]

    /// The names with every implied role added, in a stable order.
    package static func effective(_ names: [String]) -> [String] {
        var result: [String] = []
        var pending = names
        while let name = pending.popLast() {
            guard !result.contains(name) else { continue }
            result.append(name)
            pending.append(contentsOf: implied[name] ?? [])
        }
        return result.sorted()
    }
}

/// Who holds a role: a user or a group of users.
package enum RoleActor: Sendable, Equatable, Hashable {
    case user(String)
    case group(String)

    package var kind: String {
        switch self {
        case .user: "user"
        case .group: "group"
        }
    }

    package var id: String {
        switch self {
        case .user(let id), .group(let id): id
        }
    }
}

/// One grant: a role for an actor on a project.
package struct RoleAssignment: Sendable, Equatable {
    package var roleID: String
    package var actor: RoleActor
    /// The project, or `RoleAssignment.system` for a role on the system (Keystone's system scope `all`).
    package var projectID: String

    /// The scope of system role assignments, in place of a project id (no project id has a colon).
    package static let system = "system:all"
    package var isSystem: Bool { projectID == Self.system }

    package init(roleID: String, actor: RoleActor, projectID: String) {
        self.roleID = roleID
        self.actor = actor
        self.projectID = projectID
    }
}

/// What a role-assignment listing is narrowed to.
package struct RoleAssignmentQuery: Sendable, Equatable {
    package var actor: RoleActor?
    package var projectID: String?
    package var roleID: String?

    package init(actor: RoleActor? = nil, projectID: String? = nil, roleID: String? = nil) {
        self.actor = actor
        self.projectID = projectID
        self.roleID = roleID
    }
}

/// Changes to a user; nil leaves a field as it is.
package struct UserUpdate: Sendable, Equatable {
    package var name: String?
    package var enabled: Bool?
    package var email: String??
    package var description: String??
    package var defaultProjectID: String??
    package var password: String?

    package init() {}
}

/// Changes to a project; nil leaves a field as it is.
package struct ProjectUpdate: Sendable, Equatable {
    package var name: String?
    package var description: String?
    package var enabled: Bool?

    package init() {}
}
