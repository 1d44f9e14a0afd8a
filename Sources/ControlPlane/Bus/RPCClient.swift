package import EmberModel
import Foundation

/// Encodes typed requests into envelopes and sends them over a `Bus`.
package struct RPCClient: Sendable {
    package let bus: any Bus
    package var callTimeout: Duration

    package init(bus: any Bus, callTimeout: Duration = .seconds(30)) {
        self.bus = bus
        self.callTimeout = callTimeout
    }

    /// Sends `method` to one server of a topic (or the named one) and does not wait for it.
    package func cast<Args, Result>(
        _ method: RPCMethod<Args, Result>, _ args: Args, context: CallContext, to target: BusTarget
    ) async throws {
        try await bus.cast(encode(method, args, context), to: target)
    }

    /// Sends `method` to every server of a topic and does not wait for them.
    package func fanout<Args, Result>(
        _ method: RPCMethod<Args, Result>, _ args: Args, context: CallContext, topic: String
    ) async throws {
        try await bus.fanout(encode(method, args, context), topic: topic)
    }

    /// Sends a call and decodes its reply; a failure raised by the handler is rethrown here
    /// (as a `Fault` when it carried one).
    package func call<Args, Result>(
        _ method: RPCMethod<Args, Result>, _ args: Args, context: CallContext, to target: BusTarget
    ) async throws -> Result {
        let data = try await bus.call(encode(method, args, context), to: target, timeout: callTimeout)
        let reply = try JSONDecoder().decode(RPCReply<Result>.self, from: data)
        if let failure = reply.failure {
            if let kind = failure.kind { throw Fault(kind, failure.message) }
            throw failure
        }
        guard let result = reply.result else {
            throw RPCFailure(message: "\(method.name) on \(target) replied with neither a result nor a failure")
        }
        return result
    }

    private func encode<Args, Result>(_ method: RPCMethod<Args, Result>, _ args: Args, _ context: CallContext) throws -> Data {
        try JSONEncoder().encode(RPCEnvelope(method: method.name, version: method.version.description, context: context, args: args))
    }
}
