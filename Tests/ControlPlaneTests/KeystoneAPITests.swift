import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberModel
@testable import EmberTestSupport

extension TestClientProtocol {
    /// Logs in through `POST /identity/v3/auth/tokens` and returns the `X-Subject-Token`.
    func login(_ user: String, _ password: String, project: String, userDomain: String = "Default") async throws -> String {
        let body = """
            {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "\(user)", "domain": {"name": "\(userDomain)"}, "password": "\(password)"}}},
             "scope": {"project": {"name": "\(project)", "domain": {"id": "default"}}}}}
            """
        let response = try await send(.post, "/identity/v3/auth/tokens", json: body, token: nil)
        #expect(response.status == .created)
        return try #require(response.headers[HTTPField.Name("X-Subject-Token")!])
    }
}

@Suite("Keystone mode: identity API, project isolation and roles over HTTP")
struct KeystoneAPITests {
    /// A cluster whose API authenticates with the identity service: projects A and B, `alice` member of
    /// A, `bob` member of B, `rita` reader of A.
    static func run(_ body: @Sendable @escaping (any TestClientProtocol, IdentityFixture, (a: Project, b: Project)) async throws -> Void) async throws {
        try await TestCluster.run { cluster in
            let fixture = try await IdentityFixture.make(store: cluster.store, directory: cluster.directory)
            let a = try await fixture.project("A")
            let b = try await fixture.project("B")
            _ = try await fixture.user("alice", role: "member", on: a)
            _ = try await fixture.user("bob", role: "member", on: b)
            _ = try await fixture.user("rita", role: "reader", on: a)
            let api = CinderAPI(store: cluster.store, bus: cluster.bus, authentication: .keystone(fixture.identity, ServiceCatalog()))
            try await Application(router: api.router()).test(.router) { client in
                try await body(client, fixture, (a, b))
            }
        }
    }

    @Test func anotherProjectCannotListShowUpdateOrDeleteAVolume() async throws {
        try await Self.run { client, _, projects in
            let alice = try await client.login("alice", "pw", project: "A")
            let bob = try await client.login("bob", "pw", project: "B")
            let (a, b) = (projects.a.id, projects.b.id)
            let id = try await client.createVolume(token: alice, project: a)
            let volume = "/v3/\(b)/volumes/\(id.key)"
            let attempts: [(HTTPRequest.Method, String, String?)] = [
                (.get, volume, nil),
                (.put, volume, #"{"volume": {"name": "mine"}}"#),
                (.delete, volume, nil),
                (.post, volume + "/action", #"{"os-extend": {"new_size": 2}}"#),
                (.get, volume + "/metadata", nil),
                (.post, volume + "/metadata", #"{"metadata": {"k": "v"}}"#),
                (.post, "/v3/\(b)/snapshots", #"{"snapshot": {"volume_id": "\#(id.key)"}}"#),
                (.post, "/v3/\(b)/volumes", #"{"volume": {"size": 1, "source_volid": "\#(id.key)"}}"#),
                (.post, "/v3/\(b)/attachments", #"{"attachment": {"volume_uuid": "\#(id.key)"}}"#),
            ]
            for (method, path, json) in attempts {
                let response = try await client.send(method, path, json: json, token: bob, version: "volume 3.60")
                #expect(response.status == .notFound, "\(method) \(path) as project B gave \(response.status)")
            }
            for path in ["/v3/\(b)/volumes", "/v3/\(b)/volumes/detail", "/v3/\(b)/volumes?all_tenants=1"] {
                let list = try await client.send(.get, path, token: bob)
                #expect(list.json["volumes"] == [], "\(path) showed project A's volume to B")
            }
            let wrongURL = try await client.send(.get, "/v3/\(a)/volumes", token: bob)
            #expect(wrongURL.status == .badRequest)
            let still = try await client.send(.get, "/v3/\(a)/volumes/\(id.key)", token: alice)
            #expect(still.json["volume"]?["name"] == "v")
            #expect(still.json["volume"]?["os-vol-host-attr:host"] == nil, "a member does not see host attributes")
        }
    }

    @Test func readersReadMembersWriteAdminsAdminister() async throws {
        try await Self.run { client, _, projects in
            let a = projects.a.id
            let alice = try await client.login("alice", "pw", project: "A")
            let rita = try await client.login("rita", "pw", project: "A")
            let admin = try await client.login("admin", "admin-pw", project: "admin")
            let id = try await client.createVolume(token: alice, project: a)
            let denied = try await client.send(.post, "/v3/\(a)/volumes", json: #"{"volume": {"size": 1}}"#, token: rita)
            #expect(denied.status == .forbidden)
            #expect(denied.fault?.message == "Policy doesn't allow volume:create to be performed.")
            #expect(try await client.send(.get, "/v3/\(a)/volumes/\(id.key)", token: rita).status == .ok)
            #expect(try await client.send(.delete, "/v3/\(a)/volumes/\(id.key)", token: rita).status == .forbidden)
            #expect(try await client.send(.put, "/v3/\(a)/volumes/\(id.key)", json: #"{"volume": {"name": "x"}}"#, token: rita).status == .forbidden)
            let reset = try await client.send(.post, "/v3/\(a)/volumes/\(id.key)/action", json: #"{"os-reset_status": {"status": "error"}}"#, token: alice)
            #expect(reset.status == .forbidden)
            #expect(reset.fault?.message == "Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed.")
            let all = try await client.send(.get, "/v3/volumes/detail?all_tenants=1", token: admin)
            #expect(all.json["volumes"]?.arrayCount == 1)
            #expect(all.json["volumes"]?[0]?["os-vol-host-attr:host"] != nil, "an admin sees host attributes")
            let adminReset = try await client.send(.post, "/v3/volumes/\(id.key)/action", json: #"{"os-reset_status": {"status": "error"}}"#, token: admin)
            #expect(adminReset.status == .accepted)
        }
    }

    @Test func tokensAreCheckedOnEveryRequest() async throws {
        try await Self.run { client, fixture, projects in
            let alice = try await client.login("alice", "pw", project: "A")
            let path = "/v3/\(projects.a.id)/volumes"
            #expect(try await client.send(.get, path, token: nil).status == .unauthorized)
            #expect(try await client.send(.get, path, token: "alice:A").status == .unauthorized, "noauth tokens mean nothing here")
            #expect(try await client.send(.get, path, token: alice).status == .ok)
            #expect(try await client.send(.get, "/v3/", token: nil).status == .ok, "the version document needs no token")
            // Validate and revoke through the identity API.
            var headers: HTTPFields = [HTTPField.Name("X-Auth-Token")!: alice, HTTPField.Name("X-Subject-Token")!: alice]
            let shown = try await client.execute(uri: "/identity/v3/auth/tokens", method: .get, headers: headers, body: nil)
            #expect(shown.status == .ok)
            #expect(shown.json["token"]?["project"]?["name"] == "A")
            let catalog = shown.json["token"]?["catalog"]
            #expect(catalog?[0]?["type"] == "volumev3")
            #expect(catalog?[0]?["endpoints"]?[0]?["url"]?.stringValue?.hasSuffix("/v3/\(projects.a.id)") == true)
            let head = try await client.execute(uri: "/identity/v3/auth/tokens", method: .head, headers: headers, body: nil)
            #expect(head.status == .ok)
            let bad = try await client.send(
                .post, "/identity/v3/auth/tokens",
                json:
                    #"{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alice", "domain": {"id": "default"}, "password": "nope"}}}}}"#,
                token: nil)
            #expect(bad.status == .unauthorized)
            #expect(bad.json["error"]?["title"] == "Unauthorized", "identity faults have Keystone's shape")
            #expect(!String(buffer: bad.body).contains("nope"), "the password is never echoed")
            let deleted = try await client.execute(uri: "/identity/v3/auth/tokens", method: .delete, headers: headers, body: nil)
            #expect(deleted.status == .noContent)
            #expect(try await client.send(.get, path, token: alice).status == .unauthorized, "a revoked token is refused")
            headers[HTTPField.Name("X-Auth-Token")!] = try await client.login("admin", "admin-pw", project: "admin")
            let gone = try await client.execute(uri: "/identity/v3/auth/tokens", method: .get, headers: headers, body: nil)
            #expect(gone.status == .notFound)
            _ = fixture
        }
    }

    @Test func onlyAdminsManageIdentity() async throws {
        try await Self.run { client, _, _ in
            let alice = try await client.login("alice", "pw", project: "A")
            let admin = try await client.login("admin", "admin-pw", project: "admin")
            let forbidden = try await client.send(.get, "/identity/v3/users", token: alice)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.json["error"]?["message"] == "You are not authorized to perform the requested action: identity:list_users.")
            #expect(try await client.send(.post, "/identity/v3/projects", json: #"{"project": {"name": "C"}}"#, token: alice).status == .forbidden)
            let created = try await client.send(.post, "/identity/v3/projects", json: #"{"project": {"name": "C"}}"#, token: admin)
            #expect(created.status == .created)
            let duplicate = try await client.send(.post, "/identity/v3/projects", json: #"{"project": {"name": "C"}}"#, token: admin)
            #expect(duplicate.status == .conflict)
            let users = try await client.send(.get, "/identity/v3/users?name=alice", token: admin)
            #expect(users.json["users"]?.arrayCount == 1)
            let missing = try await client.send(.get, "/identity/v3/users/\(IdentityID.make())", token: admin)
            #expect(missing.status == .notFound)
            #expect(missing.json["error"]?["code"] == 404)
        }
    }
}
