package import EmberModel

/// The HTTP face of a domain fault: its status and the fault name Cinder's WSGI layer gives it.
extension Fault.Kind {
    package var status: Int {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .badMethod: 405
        case .notAcceptable: 406
        case .conflict: 409
        case .preconditionFailed: 412
        case .overLimit: 413
        case .badMediaType: 415
        case .tooManyRequests: 429
        case .internalError: 500
        case .notImplemented: 501
        case .unavailable: 503
        }
    }

    /// Cinder's fault name (`{"itemNotFound": ...}`), from its WSGI layer's table: a 429 is `overLimit`,
    /// and a status missing from the table (406, 412, 5xx) is `computeFault`.
    package var faultName: String {
        switch self {
        case .badRequest: "badRequest"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "itemNotFound"
        case .badMethod: "badMethod"
        case .conflict: "conflictingRequest"
        case .overLimit, .tooManyRequests: "overLimit"
        case .badMediaType: "badMediaType"
        case .internalError, .notAcceptable, .preconditionFailed: "computeFault"
        case .notImplemented: "notImplemented"
        case .unavailable: "serviceUnavailable"
        }
    }

    /// The kind an HTTP status stands for; a status with no kind of its own is a client or server fault.
    package init(status: Int) {
        self = Self.allCases.first { $0.status == status } ?? (status < 500 ? .badRequest : .internalError)
    }
}

extension Fault {
    /// The HTTP status of the response.
    package var code: Int { kind.status }
    /// The fault body's name.
    package var name: String { kind.faultName }

    /// A fault for an HTTP status (errors Hummingbird raises before a route runs).
    package init(status: Int, message: String) {
        self.init(Fault.Kind(status: status), message)
    }
}
