package import Foundation

/// What a token carries. Nothing else is stored: the token is the record, sealed so that only this
/// service can read or make one.
package struct TokenPayload: Codable, Sendable, Equatable {
    package var userID: String
    package var domainID: String
    package var projectID: String?
    package var methods: [String]
    package var issuedAt: Date
    package var expiresAt: Date
    /// Identifies this token (and, as the second id, the token it was rescoped from) for revocation.
    package var auditIDs: [String]
    /// True for a token scoped to the system (`{"system": {"all": true}}`); then there is no project.
    package var system: Bool?

    package init(
        userID: String, domainID: String, projectID: String?, methods: [String], issuedAt: Date, expiresAt: Date,
        auditIDs: [String]
    ) {
        self.userID = userID
        self.domainID = domainID
        self.projectID = projectID
        self.methods = methods
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.auditIDs = auditIDs
    }

    enum CodingKeys: String, CodingKey {
        case userID = "u"
        case domainID = "d"
        case projectID = "p"
        case methods = "m"
        case issuedAt = "i"
        case expiresAt = "e"
        case auditIDs = "a"
        case system = "s"
    }
}
