import EmberModel
import EmberStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// The dashboard's server side without a browser: the session cookie's attributes, CSRF refusals,
/// escaping, the policy behind its forms, and the event feed's diffs. Tests/compat/test_dashboard.py
/// drives the same pages in Chromium.
@Suite("Dashboard: sessions, forms and the event feed")
struct DashboardTests {
    /// A browser's cookie jar, enough for one user's session.
    struct Browser {
        var cookies: [String: String] = [:]
        var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

        mutating func take(_ response: TestResponse) {
            for field in response.headers where field.name == .setCookie {
                let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                cookies[pair[0]] = pair.count > 1 ? pair[1] : ""
            }
        }

        mutating func request(
            _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, form: [String: String]? = nil, https: Bool = false
        ) async throws -> TestResponse {
            var headers: HTTPFields = [.cookie: cookieHeader]
            if https { headers[HTTPField.Name("X-Forwarded-Proto")!] = "https" }
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                let encoded = form.map { key, value in
                    "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                }
                body = ByteBuffer(string: encoded.joined(separator: "&"))
            }
            let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
            take(response)
            return response
        }

        /// The CSRF token of the page's forms.
        static func csrf(_ response: TestResponse) throws -> String {
            let page = String(buffer: response.body)
            let marker = #"name="csrf" value=""#
            let start = try #require(page.range(of: marker)).upperBound
            return String(page[start...].prefix { $0 != "\"" })
        }

        mutating func signIn(_ client: any TestClientProtocol, _ user: String, https: Bool = false) async throws -> TestResponse {
            let form = try await request(client, .get, "/dashboard/login", https: https)
            return try await request(client, .post, "/dashboard/login", form: ["csrf": try Self.csrf(form), "username": user, "password": "pw"], https: https)
        }
    }

    @Test func theSessionCookieIsHttpOnlyStrictAndSecureOverTLS() async throws {
        try await KeystoneAPITests.run { client, _, _ in
            var plain = Browser()
            let signedIn = try await plain.signIn(client, "alice")
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/dashboard")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("ember_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/dashboard"))
            #expect(!cookie.contains("Secure"))
            var tls = Browser()
            let secure = try await tls.signIn(client, "alice", https: true)
            #expect(secure.headers[values: .setCookie].first { $0.hasPrefix("ember_session=") }?.contains("Secure") == true)

            let page = try await plain.request(client, .get, "/dashboard/volumes")
            #expect(page.status == .ok)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(page.headers[.xFrameOptions] == "DENY")
            var stranger = Browser()
            let away = try await stranger.request(client, .get, "/dashboard/volumes")
            #expect(away.status == .seeOther && away.headers[.location] == "/dashboard/login")
        }
    }

    @Test func aWrongPasswordOrAMissingLoginTokenIsRefused() async throws {
        try await KeystoneAPITests.run { client, _, _ in
            var browser = Browser()
            let form = try await browser.request(client, .get, "/dashboard/login")
            let wrong = try await browser.request(
                client, .post, "/dashboard/login", form: ["csrf": try Browser.csrf(form), "username": "alice", "password": "nope"])
            #expect(wrong.status == .unauthorized && browser.cookies["ember_session"] == nil)
            var forged = Browser()
            let noToken = try await forged.request(client, .post, "/dashboard/login", form: ["username": "alice", "password": "pw"])
            #expect(noToken.status == .forbidden && forged.cookies["ember_session"] == nil)
        }
    }

    @Test func formsWithoutTheCSRFTokenOrBeyondTheRoleChangeNothing() async throws {
        try await KeystoneAPITests.run { client, _, _ in
            var alice = Browser()
            _ = try await alice.signIn(client, "alice")
            let noToken = try await alice.request(client, .post, "/dashboard/volumes", form: ["size": "1", "name": "sneaky"])
            #expect(noToken.status == .forbidden && String(buffer: noToken.body).contains("CSRF"))
            var rita = Browser()
            _ = try await rita.signIn(client, "rita")
            let page = try await rita.request(client, .get, "/dashboard/volumes")
            #expect(!String(buffer: page.body).contains("create-volume"), "a reader is offered no create form")
            let forged = try await rita.request(client, .post, "/dashboard/volumes", form: ["csrf": try Browser.csrf(page), "size": "1"])
            #expect(forged.status == .forbidden && String(buffer: forged.body).contains("volume:create"))
            let created = try await alice.request(client, .get, "/dashboard/volumes")
            let made = try await alice.request(
                client, .post, "/dashboard/volumes", form: ["csrf": try Browser.csrf(created), "size": "1", "name": "<img src=x onerror=alert(1)>"])
            #expect(made.status == .seeOther)
            let listed = String(buffer: try await alice.request(client, .get, "/dashboard/volumes").body)
            #expect(listed.contains("&lt;img src=x onerror=alert(1)&gt;") && !listed.contains("<img"))
            #expect(listed.contains("1 volumes"), "neither the post without a token nor the reader's made one")
            let bad = try await alice.request(client, .post, "/dashboard/volumes", form: ["csrf": try Browser.csrf(created), "size": "lots"])
            #expect(bad.status == .badRequest, "the API's validation, as an error page")
        }
    }

    @Test func theFeedSendsChangesRemovalsAndTheLiveIDs() async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                let volume = try await client.createVolume(name: "one")
                try await cluster.waitFor(volume, .available)
                var feed = DashboardFeed(store: cluster.store, projectID: "p1", since: Date().addingTimeInterval(60))
                let first = try await feed.next()
                #expect(first.contains("event: volume-ids\ndata: [\"\(volume.key)\"]"))
                #expect(!first.contains("event: volume\n"), "nothing changed after the page was rendered")
                #expect(try await feed.next() == "", "no change, no event")
                _ = try await client.send(.put, "/v3/p1/volumes/\(volume.key)", json: #"{"volume": {"name": "renamed"}}"#)
                let renamed = try await feed.next()
                #expect(renamed.contains("event: volume\n") && renamed.contains(#""label":"renamed""#), "\(renamed)")
                _ = try await client.send(.delete, "/v3/p1/volumes/\(volume.key)")
                var gone = ""
                let deadline = ContinuousClock.now + .seconds(30)
                while !gone.contains("volume-removed"), ContinuousClock.now < deadline {
                    gone += try await feed.next()
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(gone.contains("event: volume-removed\ndata: {\"id\":\"\(volume.key)\"}"), "\(gone)")
            }
        }
    }
}
