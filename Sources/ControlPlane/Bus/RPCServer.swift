package import EmberModel
package import Foundation
package import Logging

/// Dispatches a subscription's deliveries to typed handlers, each delivery in its own child task.
///
/// `run()` returns once the subscription is closed and every handler in flight has finished, which
/// is how a service drains on graceful shutdown.
package struct RPCServer: Sendable {
    /// Decodes a delivery's body and handles it; encodes the result only when the sender waits for a
    /// reply (`replying`), since a cast's would be thrown away.
    package typealias Handler = @Sendable (_ body: Data, _ context: CallContext, _ replying: Bool) async throws -> Data?

    /// A registered method: the version it speaks and its decoding handler.
    private struct Registration: Sendable {
        var version: RPCVersion
        var handler: Handler
    }

    private var registrations: [String: Registration] = [:]
    private let logger: Logger

    package init(logger: Logger) {
        self.logger = logger
    }

    /// Registers the handler of a method that answers nothing but success (the methods callers cast,
    /// and calls that only need to know the work is done).
    package mutating func on<Args>(
        _ method: RPCMethod<Args, NoArguments>, _ handler: @escaping @Sendable (Args, CallContext) async throws -> Void
    ) {
        on(method) { (args: Args, context: CallContext) -> NoArguments in
            try await handler(args, context)
            return NoArguments()
        }
    }

    /// Registers the handler of `method`; what it returns is the reply to a call (ignored for a cast).
    package mutating func on<Args, Result>(
        _ method: RPCMethod<Args, Result>, _ handler: @escaping @Sendable (Args, CallContext) async throws -> Result
    ) {
        registrations[method.name] = Registration(version: method.version) { body, context, replying in
            let envelope = try JSONDecoder().decode(RPCEnvelope<Args>.self, from: body)
            let result = try await handler(envelope.args, context)
            return replying ? try JSONEncoder().encode(RPCReply(result: result, failure: nil)) : nil
        }
    }

    package func run(_ subscription: BusSubscription) async {
        await withDiscardingTaskGroup { group in
            for await delivery in subscription.deliveries {
                group.addTask { await self.handle(delivery) }
            }
        }
    }

    private func handle(_ delivery: BusDelivery) async {
        let replying = delivery.reply != nil
        let reply: Data?
        do {
            let header = try JSONDecoder().decode(RPCHeader.self, from: delivery.body)
            reply = try await dispatch(header, delivery.body, replying: replying)
        } catch {
            reply = replying ? Self.failure(error) : nil
        }
        await delivery.reply?(reply ?? Data())
        delivery.acknowledge?()
    }

    private func dispatch(_ header: RPCHeader, _ body: Data, replying: Bool) async throws -> Data? {
        var logger = logger
        logger[metadataKey: "request_id"] = "\(header.context.requestID)"
        guard header.envelope == RPCEnvelope<NoArguments>.envelopeVersion else {
            throw RPCFailure(message: "unsupported envelope version \(header.envelope)")
        }
        guard let registration = registrations[header.method] else {
            logger.error("rpc: no handler for \(header.method)")
            throw RPCFailure(message: "unknown method \(header.method)")
        }
        guard let version = RPCVersion(header.version), registration.version.handles(version) else {
            logger.error("rpc: \(header.method) version \(header.version) refused; this service speaks \(registration.version)")
            throw RPCFailure(
                message: "\(header.method) version \(header.version) is not supported: this service speaks \(registration.version)")
        }
        let handler = registration.handler
        do {
            return try await handler(body, header.context, replying)
        } catch {
            logger.error("rpc \(header.method) failed: \(error)")
            throw error
        }
    }

    private static func failure(_ error: any Error) -> Data {
        let failure =
            switch error {
            case let fault as Fault: RPCFailure(kind: fault.kind, message: fault.message)
            case let failure as RPCFailure: failure
            default: RPCFailure(message: String(describing: error))
            }
        return (try? JSONEncoder().encode(RPCReply<NoArguments>(result: nil, failure: failure))) ?? Data()
    }
}
