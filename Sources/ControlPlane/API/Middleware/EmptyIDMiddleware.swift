import EmberModel
import Hummingbird

/// A resource path that ends in `/` names a resource with an empty id (`GET /v3/p/volumes/`), which
/// Cinder answers with 404, not with the collection. The version documents (`/`, `/v3/`,
/// `/identity/`, `/identity/v3/`) are the exceptions.
struct EmptyIDMiddleware: RouterMiddleware {
    typealias Context = APIContext
    static let versionDocuments: Set<String> = ["/", "/v3/", "/identity/", "/identity/v3/"]

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasSuffix("/"), !Self.versionDocuments.contains(path) else { return try await next(request, context) }
        throw Fault.notFound("The resource could not be found.")
    }
}
