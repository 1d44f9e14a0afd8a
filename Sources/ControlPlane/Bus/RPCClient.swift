import Foundation

/// Encodes typed requests into envelopes and sends them over a `Bus`.
public struct RPCClient: Sendable {
    public let bus: any Bus
    public var callTimeout: Duration

    public init(bus: any Bus, callTimeout: Duration = .seconds(30)) {
        self.bus = bus
        self.callTimeout = callTimeout
    }

    public func cast<Args: Codable & Sendable>(
        _ method: String, version: String = "1.0", args: Args, context: CallContext, to target: BusTarget
    ) async throws {
        try await bus.cast(encode(method, version, args, context), to: target)
    }

    public func fanout<Args: Codable & Sendable>(
        _ method: String, version: String = "1.0", args: Args, context: CallContext, topic: String
    ) async throws {
        try await bus.fanout(encode(method, version, args, context), topic: topic)
    }

    /// Sends a call and decodes its reply; a failure raised by the handler is rethrown here
    /// (as a `Fault` when it carried a status).
    public func call<Args: Codable & Sendable, Result: Codable & Sendable>(
        _ method: String, version: String = "1.0", args: Args, context: CallContext, to target: BusTarget,
        returning: Result.Type
    ) async throws -> Result {
        let data = try await bus.call(encode(method, version, args, context), to: target, timeout: callTimeout)
        let reply = try JSONDecoder().decode(RPCReply<Result>.self, from: data)
        if let failure = reply.failure {
            if let code = failure.code { throw Fault(code: code, message: failure.message) }
            throw failure
        }
        guard let result = reply.result else {
            throw RPCFailure(code: nil, message: "\(method) on \(target) replied with neither a result nor a failure")
        }
        return result
    }

    private func encode<Args: Codable & Sendable>(_ method: String, _ version: String, _ args: Args, _ context: CallContext) throws -> Data {
        try JSONEncoder().encode(RPCEnvelope(method: method, version: version, context: context, args: args))
    }
}
