import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberIdentity
@testable import EmberModel
@testable import EmberTestSupport

/// Keystone's system scope, as Tempest's dynamic credentials use it for `system_admin`: grants on
/// `/v3/system/users/{u}/roles/{r}`, tokens scoped to `{"system": {"all": true}}`, and Cinder 29's
/// rules for them (a system admin administers through `role:admin`; no project rule matches a token
/// that has no project).
@Suite("Identity: system scope")
struct SystemScopeTests {
    static func systemToken(_ client: some TestClientProtocol, _ user: String) async throws -> HTTPResponse.Status {
        try await login(client, user).status
    }

    static func login(_ client: some TestClientProtocol, _ user: String) async throws -> TestResponse {
        let body = """
            {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "\(user)", "domain": {"id": "default"}, "password": "pw"}}},
             "scope": {"system": {"all": true}}}}
            """
        return try await client.send(.post, "/identity/v3/auth/tokens", json: body, token: nil)
    }

    @Test func systemGrantsGiveSystemScopedTokens() async throws {
        try await KeystoneAPITests.run { client, fixture, _ in
            let admin = try await client.login("admin", "admin-pw", project: "admin")
            let alice = try await client.login("alice", "pw", project: "A")
            #expect(try await Self.systemToken(client, "alice") == .unauthorized, "no role on the system yet")
            let user = try #require(try await fixture.identity.users(name: "alice", domainID: "default").first)
            let role = try #require(try await fixture.store.roles(name: "admin").first)
            let grant = "/identity/v3/system/users/\(user.id)/roles/\(role.id)"
            #expect(try await client.send(.put, grant, token: alice).status == .forbidden)
            #expect(try await client.send(.head, grant, token: admin).status == .notFound)
            #expect(try await client.send(.put, grant, token: admin).status == .noContent)
            #expect(try await client.send(.head, grant, token: admin).status == .noContent)
            #expect(try await client.send(.get, grant, token: admin).status == .noContent)
            let listed = try await client.send(.get, "/identity/v3/system/users/\(user.id)/roles", token: admin).json["roles"]
            #expect(listed?.arrayValue?.compactMap { $0["name"]?.stringValue }.contains("admin") == true)
            let assignments = try await client.send(.get, "/identity/v3/role_assignments?scope.system=all", token: admin).json["role_assignments"]
            #expect(assignments?.arrayValue?.first?["scope"] == ["system": ["all": true]])

            let login = try await Self.login(client, "alice")
            #expect(login.status == .created)
            let token = login.json["token"]
            #expect(token?["system"] == ["all": true] && token?["project"] == nil)
            #expect(token?["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.contains("admin") == true)
            let system = try #require(login.headers[HTTPField.Name("X-Subject-Token")!])
            #expect(try await client.send(.get, "/v3/os-services", token: system).status == .ok, "a system admin administers")
            #expect(try await client.send(.get, "/identity/v3/users", token: system).status == .ok)

            #expect(try await client.send(.delete, grant, token: admin).status == .noContent)
            #expect(try await client.send(.get, "/v3/os-services", token: system).status == .unauthorized, "the revoked grant ends the token")
            #expect(try await Self.systemToken(client, "alice") == .unauthorized)
            #expect(try await client.send(.delete, grant, token: admin).status == .notFound)
        }
    }

    @Test func aSystemReaderMatchesNoProjectRule() async throws {
        try await KeystoneAPITests.run { client, fixture, projects in
            let admin = try await client.login("admin", "admin-pw", project: "admin")
            let rita = try #require(try await fixture.identity.users(name: "rita", domainID: "default").first)
            let reader = try #require(try await fixture.store.roles(name: "reader").first)
            #expect(try await client.send(.put, "/identity/v3/system/users/\(rita.id)/roles/\(reader.id)", token: admin).status == .noContent)
            let login = try await Self.login(client, "rita")
            let token = try #require(login.headers[HTTPField.Name("X-Subject-Token")!])
            #expect(try await client.send(.get, "/v3/\(projects.a.id)/volumes", token: token).status == .forbidden)
            #expect(try await client.send(.get, "/v3/os-services", token: token).status == .forbidden)
            let policy = try Policy(overrides: ["volume:get_all": "role:reader and system_scope:all"])
            let caller = CallContext(requestID: "r", userID: rita.id, projectID: "", roles: ["reader"], systemScope: "all")
            #expect(policy.allows("volume:get_all", caller: caller), "a policy file may name system_scope:all")
            #expect(!policy.allows("volume:get_all", caller: CallContext(requestID: "r", userID: rita.id, projectID: "p", roles: ["reader"])))
        }
    }

    @Test func badSystemScopesAreRefused() async throws {
        try await KeystoneAPITests.run { client, _, _ in
            let body =
                #"{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alice", "domain": {"id": "default"}, "password": "pw"}}}, "scope": {"system": {"all": false}}}}"#
            let answer = try await client.send(.post, "/identity/v3/auth/tokens", json: body, token: nil)
            #expect(answer.status == .badRequest)
        }
    }
}
