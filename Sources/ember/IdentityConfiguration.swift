import EmberIdentity
import EmberModel
import EmberSQLStore
import EmberSQLite
import Foundation
import Logging

/// How `ember serve` runs identity: the first admin's password, token lifetime, an optional LDAP
/// domain, the URL clients reach Ember at, and an optional listener of its own.
struct IdentityConfiguration: Sendable {
    /// Sets the admin's password at start (else one is generated on first start).
    var adminPassword: String?
    var tokenLifetime: TimeInterval
    var ldap: LDAPConfiguration?
    /// `http://host:port` for catalogs and links; nil uses each request's `Host`.
    var publicURL: String?
    /// Also serve the identity API alone on this address (at `/v3` and `/identity/v3`).
    var identityListen: (host: String, port: Int)?
    /// Lockout of users and throttling of addresses after failed logins.
    var loginLimits: LoginThrottle.Limits

    init(
        adminPassword: String? = nil, tokenLifetime: TimeInterval = 3600, ldap: LDAPConfiguration? = nil,
        publicURL: String? = nil, identityListen: (host: String, port: Int)? = nil, loginLimits: LoginThrottle.Limits = .init()
    ) {
        self.loginLimits = loginLimits
        self.adminPassword = adminPassword
        self.tokenLifetime = tokenLifetime
        self.ldap = ldap
        self.publicURL = publicURL
        self.identityListen = identityListen
    }
}

/// Builds the identity service `ember serve` runs, and the clouds.yaml it leaves for the admin.
enum IdentityFactory {
    static func make(store: SQLStore, settings: IdentityConfiguration, dataDirectory: String) async throws -> IdentityService {
        var backends: [any IdentityBackend] = [DatabaseIdentityBackend(store: store)]
        if let ldap = settings.ldap {
            let backend = LDAPIdentityBackend(configuration: ldap)
            do {
                try await backend.check()
            } catch {
                throw Fault(.unavailable, "The LDAP directory at \(ldap.url) cannot be used: \(error)")
            }
            backends.append(backend)
        }
        let keys = try TokenKeyRing(directory: dataDirectory + "/token-keys")
        return IdentityService(
            store: store, backends: backends, keys: keys, configuration: .init(tokenLifetime: settings.tokenLifetime, loginLimits: settings.loginLimits))
    }

    static func writeClouds(_ configuration: AllInOne.Configuration, _ settings: IdentityConfiguration, port: Int, password: String?, logger: Logger) {
        let host = ["0.0.0.0", "::", "[::]"].contains(configuration.listenHost) ? "127.0.0.1" : configuration.listenHost
        let authURL = (settings.publicURL ?? "http://\(host):\(port)") + "/identity/v3"
        do {
            if let password {
                try CloudsFile.write(dataDirectory: configuration.dataDirectory, authURL: authURL, password: password)
                logger.notice("the admin's credentials are in \(CloudsFile.path(dataDirectory: configuration.dataDirectory)) (cloud 'ember')")
            } else {
                try CloudsFile.updateAuthURL(dataDirectory: configuration.dataDirectory, authURL: authURL)
            }
        } catch {
            logger.error("cannot write clouds.yaml: \(error)")
        }
    }
}
