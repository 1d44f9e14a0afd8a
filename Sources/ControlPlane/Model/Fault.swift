/// A failure the caller should see: what kind of failure it is, and a message for a person.
///
/// Every layer throws these for bad input, a conflict or a broken backend, in the domain's terms; the
/// API alone maps a kind to its HTTP status and Cinder's fault body
/// (`{"itemNotFound": {"code": 404, "message": "..."}}`), so no route builds error JSON by hand.
package struct Fault: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a caller can act on it.
    package enum Kind: String, Sendable, Codable, CaseIterable {
        /// The request is malformed or asks for something the rules refuse.
        case badRequest
        /// No valid credentials.
        case unauthorized
        /// The caller may not do this.
        case forbidden
        case notFound
        /// The resource does not take this method.
        case badMethod
        /// The requested API version is not served.
        case notAcceptable
        /// The resource is in a state that does not allow this now.
        case conflict
        /// A condition the caller set does not hold.
        case preconditionFailed
        /// A quota or size limit would be exceeded.
        case overLimit
        /// The body's media type is not JSON.
        case badMediaType
        /// Too many attempts; try again after `retryAfter` seconds.
        case tooManyRequests
        /// Ember or its backend failed; the request itself was fine.
        case internalError
        case notImplemented
        /// A service or the database cannot serve now; try again after `retryAfter` seconds.
        case unavailable
    }

    package var kind: Kind
    package var message: String
    /// Seconds after which the same request may succeed: for `tooManyRequests` and `unavailable`.
    package var retryAfter: Int?

    package init(_ kind: Kind, _ message: String, retryAfter: Int? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    package var description: String { "\(kind.rawValue): \(message)" }

    package static func badRequest(_ message: String) -> Fault { Fault(.badRequest, message) }
    package static func notFound(_ message: String) -> Fault { Fault(.notFound, message) }
    package static func invalidInput(_ reason: String) -> Fault { .badRequest("Invalid input received: \(reason)") }
    package static func volumeNotFound(_ id: String) -> Fault { .notFound("Volume \(id) could not be found.") }
    /// A listing's `marker` that is not one of its matches (Cinder's message).
    package static func markerNotFound(_ marker: String) -> Fault { .notFound("Marker \(marker) could not be found.") }
}
