import CLDAP
package import EmberModel
import Foundation

/// A domain whose users and groups are read from an LDAP directory, read-only. A password is checked
/// by binding as the user's entry; the search itself binds with the configured account (or anonymously).
package struct LDAPIdentityBackend: IdentityBackend {
    package let configuration: LDAPConfiguration
    package var domain: IdentityDomain { configuration.domain }
    package let isReadOnly = true

    package init(configuration: LDAPConfiguration) {
        self.configuration = configuration
    }

    /// Binds with the configured account and looks for the user tree, so a wrong URL or password stops
    /// the server at start rather than at the first login.
    package func check() async throws {
        try await blocking { connection in
            _ = try connection.search(base: configuration.userTreeDN, subtree: false, filter: "(objectClass=*)", attributes: ["objectClass"])
        }
    }

    package func authenticate(name: String, password: String) async throws -> IdentityUser? {
        // An empty password would be an unauthenticated bind, which directories accept: never a login.
        guard !password.isEmpty, !name.isEmpty else { return nil }
        guard let entry = try await userEntries(attribute: configuration.userNameAttribute, value: name).first else { return nil }
        let status = try await blocking(bound: false) { connection in connection.bind(dn: entry.dn, password: password) }
        guard status == LDAP_SUCCESS else {
            if status == LDAP_INVALID_CREDENTIALS || status == LDAP_UNWILLING_TO_PERFORM || status == LDAP_INAPPROPRIATE_AUTH { return nil }
            throw LDAPError("LDAP bind as \(entry.dn) failed: \(LDAPConnection.message(status))")
        }
        return user(entry)
    }

    package func user(id: String) async throws -> IdentityUser? {
        try await userEntries(attribute: configuration.userIDAttribute, value: id).first.flatMap(user)
    }

    package func users(name: String?) async throws -> [IdentityUser] {
        try await userEntries(attribute: configuration.userNameAttribute, value: name).compactMap(user)
    }

    package func groupIDs(of user: IdentityUser) async throws -> [String] {
        guard let groupTree = configuration.groupTreeDN,
            let entry = try await userEntries(attribute: configuration.userIDAttribute, value: user.id).first
        else { return [] }
        let filter = "(&(objectClass=\(configuration.groupObjectClass))(\(configuration.groupMemberAttribute)=\(LDAPConnection.escape(entry.dn))))"
        let groups = try await blocking { connection in
            try connection.search(base: groupTree, subtree: configuration.queryScope == "sub", filter: filter, attributes: [configuration.groupIDAttribute])
        }
        return groups.compactMap { $0.first(configuration.groupIDAttribute) }
    }

    private func userEntries(attribute: String, value: String?) async throws -> [LDAPConnection.Entry] {
        let match = value.map { "(\(attribute)=\(LDAPConnection.escape($0)))" } ?? ""
        let filter = "(&(objectClass=\(configuration.userObjectClass))\(match))"
        let attributes = [configuration.userIDAttribute, configuration.userNameAttribute, configuration.userMailAttribute]
        return try await blocking { connection in
            try connection.search(base: configuration.userTreeDN, subtree: configuration.queryScope == "sub", filter: filter, attributes: attributes)
        }
    }

    private func user(_ entry: LDAPConnection.Entry) -> IdentityUser? {
        guard let id = entry.first(configuration.userIDAttribute), let name = entry.first(configuration.userNameAttribute) else { return nil }
        return IdentityUser(id: id, name: name, domainID: domain.id, email: entry.first(configuration.userMailAttribute))
    }

    /// Runs `body` on a new connection on a dispatch thread (libldap blocks), bound with the configured
    /// account first unless `bound` is false.
    private func blocking<T: Sendable>(bound: Bool = true, _ body: @escaping @Sendable (LDAPConnection) throws -> T) async throws -> T {
        let configuration = configuration
        return try await BlockingWork.run {
            let connection = try LDAPConnection(url: configuration.url, timeout: configuration.timeout)
            if bound { try connection.bindOrThrow(dn: configuration.user, password: configuration.password) }
            return try body(connection)
        }
    }
}
