import Hummingbird

/// `GET /` and `GET /v3/`: the version documents clients read to discover the microversion range;
/// `GET /openapi.json`: the API's OpenAPI description. None of them needs a token.
struct VersionRoutes {
    func register(on router: Router<APIContext>) {
        router.get("/") { request, _ in
            JSONResponse.make(.multipleChoices, ["versions": [Self.document(baseURL: request.baseURL)]])
        }
        router.get("/v3") { request, _ in
            JSONResponse.make(.ok, ["versions": [Self.document(baseURL: request.baseURL)]])
        }
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.json.get())))
        }
    }

    static func document(baseURL: String) -> JSONValue {
        [
            "id": "v3.0",
            "status": "CURRENT",
            "version": .string(APIVersion.maximum.description),
            "min_version": .string(APIVersion.minimum.description),
            "updated": "2026-11-25T00:00:00Z",
            "links": [
                ["rel": "describedby", "type": "text/html", "href": "https://docs.openstack.org/"],
                ["rel": "self", "href": .string("\(baseURL)/v3/")],
            ],
            "media-types": [["base": "application/json", "type": "application/vnd.openstack.volume+json;version=3"]],
        ]
    }
}

extension Request {
    /// `http://authority` of this request, for the links in bodies.
    var baseURL: String {
        "http://\(head.authority ?? "localhost")"
    }
}
