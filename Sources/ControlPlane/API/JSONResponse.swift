import EmberModel
import Foundation
package import HTTPTypes
import Hummingbird

/// Builds the JSON responses every route returns.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(body))))
    }

    /// 202 or 204 with no body.
    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentLength: "0"])
    }

    /// A fault in the body `style` gives it, with `Retry-After` when the fault has one.
    static func fault(_ fault: Fault, style: FaultBody = .cinder) -> Response {
        retrying(fault, make(HTTPResponse.Status(code: fault.code), style.render(fault)))
    }

    private static func retrying(_ fault: Fault, _ response: Response) -> Response {
        guard let seconds = fault.retryAfter else { return response }
        var response = response
        response.headers[.retryAfter] = String(seconds)
        return response
    }
}

extension HTTPField.Name {
    static let openstackRequestID = Self("x-openstack-request-id")!
    package static let openstackAPIVersion = Self("OpenStack-API-Version")!
}
