package import EmberBus
import EmberMetrics
package import Foundation
package import Logging
import Synchronization

/// The bus of distributed mode: oslo.messaging's patterns over RabbitMQ, one connection per process.
///
/// Names, under a prefix (`ember` unless told; tests take one each):
/// - a direct exchange `PREFIX`; casts to a topic go to the shared, durable queue `PREFIX.TOPIC`
///   (round-robin over its consumers), casts to a server to `PREFIX.TOPIC.SERVER`, which is deleted
///   when its server goes, so a cast to a dead server is refused rather than left waiting;
/// - a fanout exchange `PREFIX.TOPIC_fanout` with a queue of its own for each consumer;
/// - one exclusive reply queue per process, which call replies reach through the default exchange.
///
/// Casts, calls and replies are published with the mandatory flag and confirmed by the broker: a
/// return is `noConsumer`, a nack `refused`, no confirm within `confirmTimeout` (or no connection)
/// `unavailable`. A delivery is acknowledged only when the handler says so (`BusDelivery.acknowledge`),
/// so a message whose consumer dies goes to another one.
package final class AMQPBus: Bus {
    private let link: AMQPLink
    private let prefix: String
    private let replyQueue: String
    private let replies = ReplySlots()
    package let confirmTimeout: Duration

    package init(url: AMQPURL, prefix: String = "ember", heartbeat: Int = 10, confirmTimeout: Duration = .seconds(10), logger: Logger) {
        link = AMQPLink(url: url, heartbeat: heartbeat, logger: logger)
        self.prefix = prefix
        self.confirmTimeout = confirmTimeout
        replyQueue = "\(prefix).reply.\(UUID().uuidString.lowercased())"
        let replies = replies
        // Submitted first, so the queue exists before any call's publish; kept across reconnects.
        let consumer = AMQPConsumer(tag: replyQueue, queue: AMQPQueue(name: replyQueue, exclusive: true, autoDelete: true)) {
            [link] message, generation in
            if let id = message.correlationID { replies.fulfil(id, message.body) }
            link.submit(.acknowledge(message.deliveryTag, generation: generation))
        }
        link.submit(.consume(consumer, deadline: nil, done: { _ in }))
    }

    /// Closes the connection; publishes still waiting fail.
    package func close() { link.submit(.close) }

    package func cast(_ body: Data, to target: BusTarget) async throws {
        try await publish(routed(body, to: target), target: target.description)
    }

    package func call(_ body: Data, to target: BusTarget, timeout: Duration) async throws -> Data {
        let id = UUID().uuidString
        replies.expect(id)
        var message = routed(body, to: target)
        message.replyTo = replyQueue
        message.correlationID = id
        do { try await publish(message, target: target.description) } catch {
            replies.forget(id)
            throw error
        }
        guard let reply = await replies.wait(id, timeout: timeout) else { throw BusError.timeout(target.description, timeout) }
        return reply
    }

    package func fanout(_ body: Data, topic: String) async throws {
        let message = AMQPOutbound(
            exchange: fanoutExchange(topic), routingKey: "", body: body, mandatory: false, persistent: false)
        try await publish(message, target: topic)
    }

    package func subscribe(topic: String, server: String) async throws -> BusSubscription {
        let (stream, continuation) = AsyncStream.makeStream(of: BusDelivery.self)
        let direct = AMQPExchange(name: prefix, kind: .direct)
        let own = UUID().uuidString.lowercased().prefix(8)
        let queues = [
            AMQPQueue(name: "\(prefix).\(topic)", durable: true, bindings: [(direct, topic)]),
            AMQPQueue(name: "\(prefix).\(topic).\(server)", autoDelete: true, bindings: [(direct, "\(topic).\(server)")]),
            AMQPQueue(name: "\(prefix).\(topic)_fanout.\(server).\(own)", exclusive: true, autoDelete: true, bindings: [(fanoutExchange(topic), "")]),
        ]
        var tags: [String] = []
        for queue in queues {
            let tag = "\(queue.name).\(own)"
            let consumer = AMQPConsumer(tag: tag, queue: queue) { [weak self] message, generation in
                guard let self else { return }
                continuation.yield(self.delivery(message, generation: generation))
            }
            do { try await consume(consumer) } catch {
                for tag in tags { await cancel(tag) }
                throw error
            }
            tags.append(tag)
        }
        return BusSubscription(deliveries: stream) { [weak self, tags] in
            for tag in tags { await self?.cancel(tag) }
            continuation.finish()
        }
    }

    private func delivery(_ message: AMQPInbound, generation: Int) -> BusDelivery {
        var reply: (@Sendable (Data) async -> Void)?
        if let replyTo = message.replyTo, let id = message.correlationID {
            reply = { [weak self] data in
                let answer = AMQPOutbound(
                    exchange: nil, routingKey: replyTo, body: data, mandatory: true, persistent: false, correlationID: id)
                // A returned reply means the caller is gone; it has already timed out.
                try? await self?.publish(answer, target: replyTo)
            }
        }
        return BusDelivery(body: message.body, reply: reply) { [link] in
            link.submit(.acknowledge(message.deliveryTag, generation: generation))
        }
    }

    private func routed(_ body: Data, to target: BusTarget) -> AMQPOutbound {
        let key = target.server.map { "\(target.topic).\($0)" } ?? target.topic
        return AMQPOutbound(
            exchange: AMQPExchange(name: prefix, kind: .direct), routingKey: key, body: body, mandatory: true,
            persistent: target.server == nil)
    }

    private func fanoutExchange(_ topic: String) -> AMQPExchange { AMQPExchange(name: "\(prefix).\(topic)_fanout", kind: .fanout) }

    private func publish(_ message: AMQPOutbound, target: String) async throws {
        let start = ContinuousClock.now
        let deadline = start + confirmTimeout
        let outcome = await withCheckedContinuation { continuation in
            link.submit(.publish(message, deadline: deadline, done: { continuation.resume(returning: $0) }))
        }
        EmberMetric.busPublishDuration.record(ContinuousClock.now - start, outcome.metricLabel)
        switch outcome {
        case .confirmed: return
        case .returned: throw BusError.noConsumer(target)
        case .refused: throw BusError.refused(target)
        case .failed(let reason): throw BusError.unavailable(reason)
        }
    }

    private func consume(_ consumer: AMQPConsumer) async throws {
        let deadline = ContinuousClock.now + confirmTimeout
        let failure = await withCheckedContinuation { continuation in
            link.submit(.consume(consumer, deadline: deadline, done: { continuation.resume(returning: $0) }))
        }
        if let failure { throw BusError.unavailable(failure) }
    }

    private func cancel(_ tag: String) async {
        await withCheckedContinuation { continuation in link.submit(.cancel(tag, done: { continuation.resume() })) }
    }
}

/// Where call replies land, by correlation id: a reply may come before its caller waits, and a
/// caller that timed out drops any reply that comes later.
private final class ReplySlots: Sendable {
    private enum Slot {
        case expected
        case arrived(Data)
        case waiting(CheckedContinuation<Data?, Never>)
    }

    private let slots = Mutex<[String: Slot]>([:])

    func expect(_ id: String) { slots.withLock { $0[id] = .expected } }
    func forget(_ id: String) { _ = slots.withLock { $0.removeValue(forKey: id) } }

    func fulfil(_ id: String, _ data: Data) {
        let waiter: CheckedContinuation<Data?, Never>? = slots.withLock { slots in
            switch slots[id] {
            case .expected:
                slots[id] = .arrived(data)
                return nil
            case .waiting(let continuation):
                slots[id] = nil
                return continuation
            case .arrived, nil: return nil
            }
        }
        waiter?.resume(returning: data)
    }

    func wait(_ id: String, timeout: Duration) async -> Data? {
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            self?.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let ready: Data?? = slots.withLock { slots in
                switch slots[id] {
                case .arrived(let data):
                    slots[id] = nil
                    return .some(data)
                case .expected:
                    slots[id] = .waiting(continuation)
                    return nil
                case .waiting, nil: return .some(nil)
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func expire(_ id: String) {
        let waiter: CheckedContinuation<Data?, Never>? = slots.withLock { slots in
            switch slots[id] {
            case .waiting(let continuation):
                slots[id] = nil
                return continuation
            case .expected:
                slots[id] = nil
                return nil
            case .arrived, nil: return nil
            }
        }
        waiter?.resume(returning: nil)
    }
}

extension AMQPPublishOutcome {
    /// How `ember_bus_publish_duration_seconds` names the outcome.
    fileprivate var metricLabel: String {
        switch self {
        case .confirmed: "confirmed"
        case .returned: "unroutable"
        case .refused: "refused"
        case .failed: "failed"
        }
    }
}
