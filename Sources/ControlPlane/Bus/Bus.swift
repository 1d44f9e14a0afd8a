package import Foundation

/// Where a message goes: a topic, and optionally one server on it (oslo.messaging's Target).
package struct BusTarget: Sendable, Hashable, CustomStringConvertible {
    package var topic: String
    package var server: String?

    package init(topic: String, server: String? = nil) {
        self.topic = topic
        self.server = server
    }

    package var description: String { server.map { "\(topic).\($0)" } ?? topic }
}

/// One message handed to a consumer. `reply` is set for calls and must be invoked exactly once.
/// `acknowledge` is set by a bus that redelivers what a dead consumer never finished (AMQP): the
/// consumer calls it once the message's work is done, never before.
package struct BusDelivery: Sendable {
    package var body: Data
    package var reply: (@Sendable (Data) async -> Void)?
    package var acknowledge: (@Sendable () -> Void)?

    package init(body: Data, reply: (@Sendable (Data) async -> Void)?, acknowledge: (@Sendable () -> Void)? = nil) {
        self.body = body
        self.reply = reply
        self.acknowledge = acknowledge
    }
}

/// A consumer's stream of deliveries. `close()` stops new deliveries; the stream then ends.
package struct BusSubscription: Sendable {
    package var deliveries: AsyncStream<BusDelivery>
    package var close: @Sendable () async -> Void

    package init(deliveries: AsyncStream<BusDelivery>, close: @escaping @Sendable () async -> Void) {
        self.deliveries = deliveries
        self.close = close
    }
}

/// Failures of the message bus itself, as opposed to failures of a handler.
package enum BusError: Error, Equatable, CustomStringConvertible {
    case noConsumer(String)
    case timeout(String, Duration)
    case closed
    /// The broker would not take a message to the target (a nack).
    case refused(String)
    /// No broker to take it: no connection, or no confirm in time.
    case unavailable(String)

    package var description: String {
        switch self {
        case .noConsumer(let target): "no service is consuming \(target)"
        case .refused(let target): "the message broker refused a message to \(target)"
        case .unavailable(let reason): "the message bus is unavailable: \(reason)"
        case .timeout(let target, let after): "no reply from \(target) within \(after)"
        case .closed: "the bus is closed"
        }
    }
}

/// The message bus between Ember's services: oslo.messaging's three patterns over raw bytes.
///
/// - cast: to one consumer of a topic (round-robin), or to the one server named in the target;
/// - call: like cast, then waits for the reply, up to a timeout;
/// - fanout: to every consumer of a topic.
///
/// What every implementation guarantees (held by `BusConformanceTests`):
/// - **Refusal, not loss.** A cast or call to a target nobody consumes fails with `noConsumer` (AMQP's
///   mandatory flag); a cast that returned was accepted.
/// - **At least once.** An accepted message is handed to a consumer at least once while the bus
///   lives: closing a subscription still hands over what was queued for it (the in-process bus), or
///   the broker gives an unacknowledged message to another consumer (AMQP). A message may therefore
///   come twice, so every handler is idempotent; what a dead process never handled is finished by
///   the store's recovery at the next start, not by the bus.
/// - **Order.** Messages one sender casts to one consumer arrive in the order sent. Nothing is promised
///   across consumers or senders.
/// - **Draining.** After `close()`, a subscription receives no new messages and its stream ends.
///
/// An in-process implementation serves `ember serve`; an AMQP one serves distributed mode. Both carry
/// the same JSON envelopes, so a service cannot tell them apart.
package protocol Bus: Sendable {
    func cast(_ body: Data, to target: BusTarget) async throws
    func call(_ body: Data, to target: BusTarget, timeout: Duration) async throws -> Data
    func fanout(_ body: Data, topic: String) async throws
    /// Starts consuming `topic` as `server`: messages cast to the topic, to `topic.server`, and fanouts.
    func subscribe(topic: String, server: String) async throws -> BusSubscription
}
