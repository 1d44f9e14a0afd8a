import EmberMetrics
import EmberModel
import Hummingbird

/// Times every request into `ember_api_request_duration_seconds`, labelled by the route template that
/// matched (`/v3/{project_id}/volumes/{volume_id}`, so the labels stay few), the method and the status
/// class; a path no route matched is `unmatched`.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? Fault)?.kind.status ?? (error as? any HTTPResponseError)?.status.code ?? 500
            record(request, context, status: status, since: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: APIContext, status: Int, since start: ContinuousClock.Instant) {
        EmberMetric.apiRequestDuration.record(
            ContinuousClock.now - start, context.endpointPath ?? "unmatched", request.method.rawValue, "\(status / 100)xx")
    }
}
