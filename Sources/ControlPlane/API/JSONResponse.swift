import EmberModel
import Foundation
public import HTTPTypes
import Hummingbird

/// Builds the JSON responses every route returns.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(body))))
    }

    /// 202 or 204 with no body.
    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentLength: "0"])
    }

    /// Cinder's fault body: `{"itemNotFound": {"code": 404, "message": "..."}}`.
    static func fault(_ fault: Fault) -> Response {
        retrying(fault, make(HTTPResponse.Status(code: fault.code), [fault.name: ["code": .int(fault.code), "message": .string(fault.message)]]))
    }

    /// Keystone's error body: `{"error": {"code": 401, "message": "...", "title": "Unauthorized"}}`.
    static func keystoneFault(_ fault: Fault) -> Response {
        let titles = [400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                      409: "Conflict", 413: "Request Entity Too Large", 415: "Unsupported Media Type", 429: "Too Many Requests",
                      503: "Service Unavailable"]
        let title = titles[fault.code] ?? "Internal Server Error"
        return retrying(fault, make(HTTPResponse.Status(code: fault.code), ["error": ["code": .int(fault.code), "message": .string(fault.message), "title": .string(title)]]))
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
