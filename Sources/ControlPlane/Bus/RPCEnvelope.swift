package import EmberModel
import Foundation

/// The versioned JSON envelope every RPC message travels in, on every bus.
///
/// `envelope` versions this wrapper; `version` versions the method's arguments, so a newer service
/// can refuse (or adapt to) an older caller. The request context rides along.
package struct RPCEnvelope<Args: Codable & Sendable>: Codable, Sendable {
    package static var envelopeVersion: String { "1.0" }

    package var envelope: String
    package var method: String
    package var version: String
    package var context: CallContext
    package var args: Args

    package init(method: String, version: String, context: CallContext, args: Args) {
        self.envelope = Self.envelopeVersion
        self.method = method
        self.version = version
        self.context = context
        self.args = args
    }
}

/// The part of an envelope read before the method is known.
struct RPCHeader: Decodable {
    var envelope: String
    var method: String
    var version: String
    var context: CallContext
}

/// A call's answer: the result, or the failure the handler raised (a fault keeps its status).
struct RPCReply<Result: Codable & Sendable>: Codable, Sendable {
    var result: Result?
    var failure: RPCFailure?
}

/// A handler's failure as it crosses the bus: a fault keeps its kind; anything else only its message.
package struct RPCFailure: Codable, Sendable, Error, Equatable, CustomStringConvertible {
    package var kind: Fault.Kind?
    package var message: String

    package init(kind: Fault.Kind? = nil, message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}

/// Arguments of a method that takes none.
package struct NoArguments: Codable, Sendable, Equatable {
    package init() {}
}
