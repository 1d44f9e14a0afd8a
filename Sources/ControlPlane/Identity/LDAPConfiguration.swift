import EmberModel
package import Foundation

/// How to read users and groups from a directory, with Keystone's `[ldap]` option names, loaded from a
/// JSON file (`ember serve --ldap-config FILE`). The bind password may instead come from the
/// `EMBER_LDAP_PASSWORD` environment variable, so it need not sit in the file.
package struct LDAPConfiguration: Codable, Sendable, Equatable {
    package var url: String
    /// The Keystone domain the directory's users belong to (its id is the name in lower case).
    package var domainName: String = "LDAP"
    package var user: String?
    package var password: String?
    package var userTreeDN: String
    package var userObjectClass: String = "inetOrgPerson"
    package var userIDAttribute: String = "uid"
    package var userNameAttribute: String = "uid"
    package var userMailAttribute: String = "mail"
    package var groupTreeDN: String?
    package var groupObjectClass: String = "groupOfNames"
    package var groupIDAttribute: String = "cn"
    package var groupMemberAttribute: String = "member"
    /// `sub` (the default) or `one`.
    package var queryScope: String = "sub"
    /// Seconds before a connect or a search gives up.
    package var timeout: Int = 5

    enum CodingKeys: String, CodingKey {
        case url, user, password
        case domainName = "domain_name"
        case userTreeDN = "user_tree_dn"
        case userObjectClass = "user_objectclass"
        case userIDAttribute = "user_id_attribute"
        case userNameAttribute = "user_name_attribute"
        case userMailAttribute = "user_mail_attribute"
        case groupTreeDN = "group_tree_dn"
        case groupObjectClass = "group_objectclass"
        case groupIDAttribute = "group_id_attribute"
        case groupMemberAttribute = "group_member_attribute"
        case queryScope = "query_scope"
        case timeout
    }

    package init(url: String, userTreeDN: String) {
        self.url = url
        self.userTreeDN = userTreeDN
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        userTreeDN = try c.decode(String.self, forKey: .userTreeDN)
        domainName = try c.decodeIfPresent(String.self, forKey: .domainName) ?? domainName
        user = try c.decodeIfPresent(String.self, forKey: .user)
        password = try c.decodeIfPresent(String.self, forKey: .password)
        userObjectClass = try c.decodeIfPresent(String.self, forKey: .userObjectClass) ?? userObjectClass
        userIDAttribute = try c.decodeIfPresent(String.self, forKey: .userIDAttribute) ?? userIDAttribute
        userNameAttribute = try c.decodeIfPresent(String.self, forKey: .userNameAttribute) ?? userNameAttribute
        userMailAttribute = try c.decodeIfPresent(String.self, forKey: .userMailAttribute) ?? userMailAttribute
        groupTreeDN = try c.decodeIfPresent(String.self, forKey: .groupTreeDN)
        groupObjectClass = try c.decodeIfPresent(String.self, forKey: .groupObjectClass) ?? groupObjectClass
        groupIDAttribute = try c.decodeIfPresent(String.self, forKey: .groupIDAttribute) ?? groupIDAttribute
        groupMemberAttribute = try c.decodeIfPresent(String.self, forKey: .groupMemberAttribute) ?? groupMemberAttribute
        queryScope = try c.decodeIfPresent(String.self, forKey: .queryScope) ?? queryScope
        timeout = try c.decodeIfPresent(Int.self, forKey: .timeout) ?? timeout
        try validate()
    }

    /// Reads and checks a configuration file; the environment's `EMBER_LDAP_PASSWORD` wins over the file's.
    package static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LDAPConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else { throw LDAPError("cannot read LDAP configuration \(path)") }
        var configuration: LDAPConfiguration
        do {
            configuration = try JSONDecoder().decode(LDAPConfiguration.self, from: data)
        } catch let error as LDAPError {
            throw error
        } catch {
            throw LDAPError("LDAP configuration \(path) is not valid: \(error)")
        }
        if let password = environment["EMBER_LDAP_PASSWORD"] { configuration.password = password }
        return configuration
    }

    func validate() throws {
        guard url.hasPrefix("ldap://") || url.hasPrefix("ldaps://") || url.hasPrefix("ldapi://") else {
            throw LDAPError("LDAP url must start with ldap://, ldaps:// or ldapi://, not '\(url)'")
        }
        guard ["sub", "one"].contains(queryScope) else { throw LDAPError("query_scope must be sub or one") }
        let attributes = [userIDAttribute, userNameAttribute, userMailAttribute, groupIDAttribute, groupMemberAttribute, userObjectClass, groupObjectClass]
        guard attributes.allSatisfy(Self.isAttributeName) else { throw LDAPError("LDAP attribute and class names may hold only letters, digits and '-'") }
        guard !domainName.isEmpty, domainName.lowercased() != IdentityDomain.default.id,
            domainName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else {
            throw LDAPError("domain_name must be letters, digits, '-' or '_', and not 'default'")
        }
        guard (1...120).contains(timeout) else { throw LDAPError("timeout must be from 1 to 120 seconds") }
    }

    static func isAttributeName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    var domain: IdentityDomain { IdentityDomain(id: domainName.lowercased(), name: domainName) }
}

/// A directory that cannot be reached or answered with an error. Never carries a password.
package struct LDAPError: Error, CustomStringConvertible, Sendable {
    package var description: String
    init(_ description: String) { self.description = description }
}
