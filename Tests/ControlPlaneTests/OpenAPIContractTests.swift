import EmberBus
import EmberIdentity
import EmberModel
import EmberSQLStore
import EmberSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// The contract files against the code: every route the router registers is an operation of the
/// served document, and every documented operation is a route, with the same parameter names.
@Suite("The OpenAPI contract and the routes")
struct OpenAPIContractTests {
    /// `METHOD /path/{param}` of every route, with `/v3/{project_id}/X` folded into `/v3/X` (the
    /// document says every /v3 path also exists under the project). The dashboard's pages are HTML
    /// for browsers, not part of the API the document describes.
    static func operations(_ router: Router<APIContext>, root: String = "") -> Set<String> {
        Set(
            router.routes.filter { !$0.path.description.hasPrefix(Dashboard.root) }.map { route in
                var path = root + route.path.description
                if path.hasPrefix("/v3/{project_id}/") { path = "/v3/" + path.dropFirst("/v3/{project_id}/".count) }
                if path.hasPrefix("/v3/{project_id}") { path = "/v3" + path.dropFirst("/v3/{project_id}".count) }
                return "\(route.method) \(path)"
            })
    }

    static func documented() throws -> Set<String> {
        let document = try OpenAPIDocument.merged.get()
        guard case .object(let paths)? = document["paths"] else { throw OpenAPIDocument.Invalid(description: "no paths") }
        let methods = ["get", "put", "post", "delete", "patch", "head"]
        return Set(
            paths.pairs.flatMap { path, item in
                (item.objectValue ?? [:]).keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
            })
    }

    /// The router of `ember serve --auth keystone`: Cinder and identity under /identity.
    static func keystoneRouter() async throws -> (Router<APIContext>, IdentityService, TemporaryDirectory) {
        let directory = try TemporaryDirectory("contract")
        let store = try SQLStore(sqlitePath: directory.path + "/ember.sqlite")
        try await store.migrate()
        let identity = IdentityService(
            store: store, backends: [DatabaseIdentityBackend(store: store)], keys: try TokenKeyRing(directory: directory.path + "/keys"))
        let api = CinderAPI(store: store, bus: InProcessBus(), authentication: .keystone(identity, ServiceCatalog()))
        return (api.router(), identity, directory)
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() async throws {
        let (router, _, directory) = try await Self.keystoneRouter()
        let routes = Self.operations(router)
        let documented = try Self.documented()
        #expect(routes.subtracting(documented).sorted() == [], "routes the document leaves out")
        #expect(documented.subtracting(routes).sorted() == [], "documented operations no route serves")
        #expect(routes.count > 80)
        _ = directory
    }

    @Test func theIdentityListenersRoutesAreTheDocumentedIdentityOnes() async throws {
        let (_, identity, directory) = try await Self.keystoneRouter()
        let listener = CinderAPI.identityRouter(identity, catalog: ServiceCatalog(), policy: .standard)
        let documented = try Self.documented()
        let atRoot = Set(
            listener.routes.filter { !$0.path.description.hasPrefix("/identity") }.map {
                "\($0.method) /identity\($0.path.description)"
            })
        #expect(atRoot.subtracting(documented).sorted() == [])
        #expect(atRoot.count == documented.filter { $0.contains(" /identity/v3") }.count)
        _ = directory
    }

    @Test func everyReferenceResolvesAndNoComponentIsUnused() throws {
        let document = try OpenAPIDocument.merged.get()
        var references: Set<String> = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let object):
                for (key, item) in object.pairs {
                    if key == "$ref", let target = item.stringValue { references.insert(target) } else { collect(item) }
                }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(document)
        for reference in references.sorted() {
            let parts = reference.split(separator: "/").dropFirst().map(String.init)
            let target = parts.reduce(Optional(document)) { node, part in node?[part] }
            #expect(target != nil, "\(reference) does not resolve")
        }
        let components = document["components"]?.objectValue ?? [:]
        for (section, entries) in components where section != "securitySchemes" {
            for name in (entries.objectValue ?? [:]).keys {
                let used = references.contains("#/components/\(section)/\(name)")
                #expect(used, "\(section)/\(name) is never used")
            }
        }
    }

    @Test func theServedDocumentIsTheMergedOneWithIdentityAndNeedsNoToken() async throws {
        let (router, _, directory) = try await Self.keystoneRouter()
        let app = Application(router: router)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            let served = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
            #expect(served == (try OpenAPIDocument.merged.get()))
            #expect(served["paths"]?["/identity/v3/auth/tokens"]?["post"] != nil)
            #expect(served["paths"]?["/v3/volumes"]?["get"] != nil)
            #expect(served["openapi"]?.stringValue == "3.1.0")
        }
        _ = directory
    }

    @Test func twoDocumentsDefiningOneComponentDifferentlyDoNotMerge() throws {
        let base: JSONValue = ["paths": [:], "components": ["schemas": ["A": ["type": "string"]]]]
        let clash: JSONValue = ["paths": [:], "components": ["schemas": ["A": ["type": "integer"]]]]
        let same: JSONValue = ["paths": ["/x": [:]], "components": ["schemas": ["A": ["type": "string"]]]]
        #expect(throws: OpenAPIDocument.Invalid.self) { try OpenAPIDocument.merge(base, clash) }
        let merged = try OpenAPIDocument.merge(base, same)
        #expect(merged["paths"]?["/x"] != nil)
    }
}
