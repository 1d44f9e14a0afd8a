/// A failure the caller should see, with the HTTP status and Cinder's fault name.
///
/// Every layer throws these for bad input or a conflict; the API renders them as Cinder's fault body
/// (`{"itemNotFound": {"code": 404, "message": "..."}}`), so no route builds error JSON by hand.
public struct Fault: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    /// Seconds after which the same request may succeed (a `Retry-After` header): for 429 and 503.
    public var retryAfter: Int?

    public init(code: Int, message: String, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// The fault name Cinder's WSGI layer uses for a status.
    public var name: String {
        switch code {
        case 400: "badRequest"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "itemNotFound"
        case 405: "badMethod"
        case 409: "conflictingRequest"
        case 413: "overLimit"
        case 415: "badMediaType"
        case 429: "overLimit"
        case 501: "notImplemented"
        case 503: "serviceUnavailable"
        default: "computeFault"
        }
    }

    public var description: String { "\(code) \(name): \(message)" }

    public static func badRequest(_ message: String) -> Fault { Fault(code: 400, message: message) }
    public static func notFound(_ message: String) -> Fault { Fault(code: 404, message: message) }
    public static func invalidInput(_ reason: String) -> Fault { .badRequest("Invalid input received: \(reason)") }
    public static func volumeNotFound(_ id: String) -> Fault { .notFound("Volume \(id) could not be found.") }
}
