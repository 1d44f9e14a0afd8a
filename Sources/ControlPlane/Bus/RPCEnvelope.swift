public import EmberModel
import Foundation

/// The versioned JSON envelope every RPC message travels in, on every bus.
///
/// `envelope` versions this wrapper; `version` versions the method's arguments, so a newer service
/// can refuse (or adapt to) an older caller. The request context rides along.
public struct RPCEnvelope<Args: Codable & Sendable>: Codable, Sendable {
    public static var envelopeVersion: String { "1.0" }

    public var envelope: String
    public var method: String
    public var version: String
    public var context: CallContext
    public var args: Args

    public init(method: String, version: String, context: CallContext, args: Args) {
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
public struct RPCFailure: Codable, Sendable, Error, Equatable, CustomStringConvertible {
    public var kind: Fault.Kind?
    public var message: String

    public init(kind: Fault.Kind? = nil, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Arguments of a method that takes none.
public struct NoArguments: Codable, Sendable, Equatable {
    public init() {}
}
