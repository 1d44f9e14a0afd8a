import EmberIdentity
import EmberModel
import Foundation

/// Keystone's v3 bodies for the entities Ember keeps, and its token body with the service catalog.
enum IdentityViews {
    static func domain(_ domain: IdentityDomain, base: String) -> JSONValue {
        [
            "id": .string(domain.id), "name": .string(domain.name), "description": "", "enabled": true, "tags": [], "options": [:],
            "links": ["self": .string("\(base)/domains/\(domain.id)")],
        ]
    }

    static func project(_ project: Project, base: String) -> JSONValue {
        [
            "id": .string(project.id), "name": .string(project.name), "domain_id": .string(project.domainID),
            "description": .string(project.description), "enabled": .bool(project.enabled), "is_domain": false,
            "parent_id": .string(project.domainID), "tags": [], "options": [:],
            "links": ["self": .string("\(base)/projects/\(project.id)")],
        ]
    }

    static func user(_ user: IdentityUser, base: String) -> JSONValue {
        var body: JSONObject = [
            "id": .string(user.id), "name": .string(user.name), "domain_id": .string(user.domainID), "enabled": .bool(user.enabled),
            "password_expires_at": .null, "options": [:], "links": ["self": .string("\(base)/users/\(user.id)")],
        ]
        if let email = user.email { body["email"] = .string(email) }
        if let description = user.description { body["description"] = .string(description) }
        if let project = user.defaultProjectID { body["default_project_id"] = .string(project) }
        return .object(body)
    }

    static func role(_ role: Role, base: String) -> JSONValue {
        [
            "id": .string(role.id), "name": .string(role.name), "domain_id": .null, "description": .null, "options": [:],
            "links": ["self": .string("\(base)/roles/\(role.id)")],
        ]
    }

    static func collection(_ name: String, _ items: [JSONValue], base: String) -> JSONValue {
        [name: .array(items), "links": ["self": .string("\(base)/\(name)"), "previous": .null, "next": .null]]
    }

    /// The token body: who, where, which roles, until when, and (unless `catalog` is nil) the catalog.
    static func token(_ token: ValidatedToken, catalog: [JSONValue]?) -> JSONValue {
        let domain: JSONValue = ["id": .string(token.domain.id), "name": .string(token.domain.name)]
        var body: JSONObject = [
            "methods": .array(token.payload.methods.map(JSONValue.string)),
            "user": ["domain": domain, "id": .string(token.user.id), "name": .string(token.user.name), "password_expires_at": .null],
            "audit_ids": .array(token.payload.auditIDs.map(JSONValue.string)),
            "expires_at": .string(timestamp(token.payload.expiresAt)),
            "issued_at": .string(timestamp(token.payload.issuedAt)),
        ]
        if let project = token.project {
            let projectDomain: JSONValue = project.domainID == token.domain.id ? domain : ["id": .string(project.domainID), "name": .string(project.domainID)]
            body["project"] = ["domain": projectDomain, "id": .string(project.id), "name": .string(project.name)]
            body["is_domain"] = false
            body["roles"] = .array(token.roles.map { ["id": .string($0.id), "name": .string($0.name)] })
        } else if token.isSystem {
            body["system"] = ["all": true]
            body["roles"] = .array(token.roles.map { ["id": .string($0.id), "name": .string($0.name)] })
        }
        if let catalog { body["catalog"] = .array(catalog) }
        return ["token": .object(body)]
    }

    /// Keystone's times: UTC with microseconds and a `Z`.
    static func timestamp(_ date: Date) -> String { CinderDate.string(date) + "Z" }
}

/// The service catalog a token carries: the volume API (`volumev3`, with the project in its URL) and
/// this identity API, each with one public endpoint in `RegionOne`.
package struct ServiceCatalog: Sendable {
    /// `http://host:port` clients reach Ember at; nil uses the request's `Host`.
    package var publicURL: String?
    package var region: String

    package init(publicURL: String? = nil, region: String = "RegionOne") {
        self.publicURL = publicURL
        self.region = region
    }

    /// A system-scoped token (`system`) gets the volume API without a project in its URL (Cinder 3.67's
    /// form); an unscoped one gets identity alone.
    func entries(base: String, projectID: String?, system: Bool = false) -> [JSONValue] {
        var entries: [JSONValue] = [entry(type: "identity", name: "keystone", url: "\(base)/identity/v3")]
        if let projectID {
            entries.insert(entry(type: "volumev3", name: "cinderv3", url: "\(base)/v3/\(projectID)"), at: 0)
        } else if system {
            entries.insert(entry(type: "volumev3", name: "cinderv3", url: "\(base)/v3"), at: 0)
        }
        return entries
    }

    private func entry(type: String, name: String, url: String) -> JSONValue {
        let id = Self.stableID(type)
        return [
            "endpoints": [["id": .string(id + "e"), "interface": "public", "region": .string(region), "region_id": .string(region), "url": .string(url)]],
            "id": .string(id), "type": .string(type), "name": .string(name),
        ]
    }

    /// Ids that stay the same between tokens and restarts (derived from the service type).
    private static func stableID(_ type: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in type.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
