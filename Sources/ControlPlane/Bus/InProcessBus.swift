package import Foundation

/// The bus inside one process (`ember serve`): deliveries go straight into the consumers' streams.
///
/// It keeps the semantics of the AMQP bus (round-robin casts, direct server targets, fanouts, call
/// timeouts), and passes encoded bytes, so the services exercise the same envelopes as over the wire.
package actor InProcessBus: Bus {
    private struct Consumer {
        var id: UUID
        var topic: String
        var server: String
        var continuation: AsyncStream<BusDelivery>.Continuation
    }

    private var consumers: [Consumer] = []
    private var roundRobin: [String: Int] = [:]

    package init() {}

    package func cast(_ body: Data, to target: BusTarget) async throws {
        try pick(target).continuation.yield(BusDelivery(body: body, reply: nil))
    }

    package nonisolated func call(_ body: Data, to target: BusTarget, timeout: Duration) async throws -> Data {
        let reply = ReplySlot()
        try await deliverCall(body, to: target, reply: reply)
        return try await reply.wait(timeout: timeout, target: target.description)
    }

    package func fanout(_ body: Data, topic: String) async throws {
        for consumer in consumers where consumer.topic == topic {
            consumer.continuation.yield(BusDelivery(body: body, reply: nil))
        }
    }

    package func subscribe(topic: String, server: String) async throws -> BusSubscription {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: BusDelivery.self)
        consumers.append(Consumer(id: id, topic: topic, server: server, continuation: continuation))
        return BusSubscription(deliveries: stream) { [weak self] in await self?.unsubscribe(id) }
    }

    private func deliverCall(_ body: Data, to target: BusTarget, reply: ReplySlot) throws {
        let delivery = BusDelivery(body: body) { data in await reply.fulfil(data) }
        try pick(target).continuation.yield(delivery)
    }

    private func unsubscribe(_ id: UUID) {
        consumers.first { $0.id == id }?.continuation.finish()
        consumers.removeAll { $0.id == id }
    }

    private func pick(_ target: BusTarget) throws -> Consumer {
        let candidates = consumers.filter { $0.topic == target.topic && (target.server == nil || $0.server == target.server) }
        guard !candidates.isEmpty else { throw BusError.noConsumer(target.description) }
        let next = roundRobin[target.description, default: 0]
        roundRobin[target.description] = next &+ 1
        return candidates[next % candidates.count]
    }
}

/// Where a call's reply lands: whichever comes first of the reply and the timeout wins.
private actor ReplySlot {
    private var result: Data?
    private var waiter: CheckedContinuation<Data?, Never>?
    private var expired = false

    func fulfil(_ data: Data) {
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: data)
        } else if result == nil {
            result = data
        }
    }

    private func expire() {
        expired = true
        waiter?.resume(returning: nil)
        waiter = nil
    }

    private func next() async -> Data? {
        if let result { return result }
        if expired { return nil }
        return await withCheckedContinuation { waiter = $0 }
    }

    func wait(timeout: Duration, target: String) async throws -> Data {
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.expire()
        }
        defer { timer.cancel() }
        guard let data = await next() else { throw BusError.timeout(target, timeout) }
        return data
    }
}
