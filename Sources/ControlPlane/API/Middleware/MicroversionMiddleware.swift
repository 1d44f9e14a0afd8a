import Hummingbird

/// Negotiates the microversion of `/v3` requests and echoes it (`OpenStack-API-Version` and `Vary`).
struct MicroversionMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/v3") else { return try await next(request, context) }
        var context = context
        context.version = try APIVersion.negotiate(header: request.headers[.openstackAPIVersion])
        var response = try await next(request, context)
        response.headers[.openstackAPIVersion] = "volume \(context.version)"
        response.headers[.vary] = "OpenStack-API-Version"
        return response
    }
}
