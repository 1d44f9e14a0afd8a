import EmberModel
import EmberStore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The outermost middleware: gives each request a Cinder-style id (`req-<uuid>`), logs with it,
/// stamps it on the response as `x-openstack-request-id`, and turns every error into a fault body.
///
/// No error escapes as a bare 500: faults keep their status, framework errors keep theirs, and
/// anything else is logged in full and answered with a generic 500 fault.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = APIContext
    /// Paths under these roots are the identity API, whose faults have Keystone's shape.
    var identityRoots: [String] = []

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = "req-\(UUID.random().key)"
        context.logger[metadataKey: "request_id"] = "\(context.requestID)"
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let style = FaultBody(path: request.uri.path, identityRoots: identityRoots)
            response = JSONResponse.fault(fault(for: error, context: context), style: style)
        }
        response.headers[.openstackRequestID] = context.requestID
        context.logger.info("\(request.method) \(request.uri.path) -> \(response.status.code)")
        return response
    }

    private func fault(for error: any Error, context: APIContext) -> Fault {
        switch error {
        case let fault as Fault:
            return fault
        case let failure as any StoreUnavailability where failure.unavailableReason != nil:
            context.logger.error("database unavailable: \(String(reflecting: error))")
            return Fault(.unavailable, "The service is unavailable: \(failure.unavailableReason ?? ""). Try again later.", retryAfter: 5)
        case is NIOTooManyBytesError:
            return Fault(.overLimit, "Request is too large.")
        case let error as any HTTPResponseError where error.status.code < 500:
            let message = error.status == .notFound ? "The resource could not be found." : error.status.reasonPhrase
            return Fault(status: error.status.code, message: message)
        default:
            context.logger.error("unexpected error: \(String(reflecting: error))")
            return Fault(.internalError, "The server has either erred or is incapable of performing the requested operation.")
        }
    }
}
