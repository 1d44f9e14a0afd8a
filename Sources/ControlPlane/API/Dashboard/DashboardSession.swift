import Crypto
import EmberIdentity
import EmberModel
import Foundation
import HTTPTypes
import Hummingbird

/// A signed-in browser: the Keystone token its session cookie carries (validated on every request, so
/// a revoked token, a removed role or a disabled user ends the session at once) and the CSRF token its
/// forms must send back.
///
/// The CSRF token is an HMAC of the session token: every API process of a deployment derives the same
/// one and nothing is kept on the server, and a page on another site, which cannot read the HttpOnly
/// cookie, cannot compute it.
struct DashboardSession: Sendable {
    static let cookie = "ember_session"
    /// The login form's own CSRF cookie, set with the form (there is no session yet to derive it from).
    static let loginCookie = "ember_login"

    let token: ValidatedToken
    let caller: CallContext

    var csrf: String { Self.csrf(for: token.token) }

    static func csrf(for token: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("ember-dashboard-csrf".utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Base64URL.encode(Data(mac))
    }

    /// Whether `sent` is `expected`, compared in constant time.
    static func matches(_ sent: String?, _ expected: String) -> Bool {
        guard let sent, sent.utf8.count == expected.utf8.count else { return false }
        return zip(sent.utf8, expected.utf8).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The session of the request's cookie, or nil when there is none or its token is no longer valid.
    static func current(_ request: Request, _ context: APIContext, identity: IdentityService) async throws -> DashboardSession? {
        guard let raw = request.cookies[cookie]?.value, !raw.isEmpty, raw.utf8.count <= 4096,
            let token = try await identity.validate(raw), let caller = token.callContext(requestID: context.requestID)
        else { return nil }
        return DashboardSession(token: token, caller: caller)
    }

    /// The session cookie: HttpOnly, SameSite=Strict, scoped to the dashboard, Secure when the page was
    /// reached over TLS (directly or through a proxy that says so).
    static func cookie(_ value: String, name: String = cookie, secure: Bool, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/dashboard", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// Whether the browser reached this server over TLS.
    static func overTLS(_ request: Request, publicURL: String?) -> Bool {
        request.uri.scheme == .https || request.headers[.xForwardedProto]?.lowercased() == "https"
            || publicURL?.lowercased().hasPrefix("https://") == true
    }

    /// A fresh random value for the login form's CSRF cookie.
    static func randomToken() -> String { Base64URL.random(bytes: 32) }
}

/// A form the browser posted (`application/x-www-form-urlencoded`), size-limited as every body is.
struct DashboardForm: Sendable {
    var fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// The field trimmed, nil when absent or empty.
    func text(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    static func read(_ request: Request) async throws -> DashboardForm {
        var request = request
        let buffer = try await request.collectBody(upTo: RequestBody.maximumBytes)
        return DashboardForm(fields: parse(String(buffer: buffer)))
    }

    /// The pairs of an urlencoded body (`+` is a space; the first of a repeated name wins).
    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = parts.first.flatMap(decode), let value = (parts.count > 1 ? decode(parts[1]) : "") else { continue }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }
}

extension HTTPField.Name {
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
