import Foundation
import Logging
import Testing

@testable import EmberAMQP
@testable import EmberBus
@testable import EmberTestSupport

/// What the AMQP bus adds to the conformance suite: its URL, and living through the broker's loss.
@Suite("AMQP bus")
struct AMQPBusTests {
    @Test func transportURLsReadAsOsloMessagingReadsThem() {
        #expect(
            AMQPURL("rabbit://ember:s%40cret@10.0.0.5:5673/cinder")
                == AMQPURL(host: "10.0.0.5", port: 5673, user: "ember", password: "s@cret", virtualHost: "cinder"))
        #expect(AMQPURL("rabbit://u:p@h/") == AMQPURL(host: "h", user: "u", password: "p", virtualHost: "/"))
        #expect(AMQPURL("amqp://u:p@h") == AMQPURL(host: "h", user: "u", password: "p"))
        #expect(AMQPURL("rabbit://u:p@h/a%2Fb") == AMQPURL(host: "h", user: "u", password: "p", virtualHost: "a/b"))
        for bad in ["postgresql://u:p@h/db", "rabbit://h/", "rabbit://u:p@/", "rabbit://u:p@h1,h2/", "rabbit://u:p@h/a/b", "rabbit://u:p@h/?ssl=1"] {
            #expect(AMQPURL(bad) == nil, "\(bad)")
        }
        #expect(AMQPURL("rabbit://u:secret@h:1/v")?.redacted == "rabbit://u:***@h:1/v")
    }

    /// Kills a broker of its own with SIGKILL mid-way: a cast meanwhile fails (never hangs), and once
    /// the broker is back the bus reconnects, declares its queues again and delivers to the old subscription.
    @Test(.timeLimit(.minutes(3))) func theBusReconnectsAfterTheBrokerIsKilledAndRestarted() async throws {
        let port = 36_000 + Int(getpid() % 4_000)
        var (url, broker) = try await RabbitMQTestServer.start(port: port, directory: "/var/tmp/ember-test-rabbit-kill-\(getpid())")
        let bus = AMQPBus(url: url, prefix: "kill", confirmTimeout: .seconds(2), logger: Logger(label: "ember-test-amqp"))
        defer { bus.close() }
        let subscription = try await bus.subscribe(topic: "t", server: "a")
        var deliveries = subscription.deliveries.makeAsyncIterator()
        try await bus.cast(Data("before".utf8), to: BusTarget(topic: "t", server: "a"))
        #expect(await deliveries.next().map { String(decoding: $0.body, as: UTF8.self) } == "before")

        try RabbitMQTestServer.kill(directory: "/var/tmp/ember-test-rabbit-kill-\(getpid())")
        while broker.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let down = ContinuousClock.now
        await #expect(throws: BusError.self) { try await bus.cast(Data("lost".utf8), to: BusTarget(topic: "t", server: "a")) }
        #expect(ContinuousClock.now - down < .seconds(10), "a cast with no broker fails within its confirm timeout")

        (url, broker) = try await RabbitMQTestServer.start(port: port, directory: "/var/tmp/ember-test-rabbit-kill2-\(getpid())")
        var delivered = false
        for _ in 0..<60 where !delivered {
            if (try? await bus.cast(Data("after".utf8), to: BusTarget(topic: "t", server: "a"))) != nil {
                delivered = true
            } else {
                try await Task.sleep(for: .seconds(1))
            }
        }
        #expect(delivered, "casts are taken again once the broker is back")
        #expect(await deliveries.next().map { String(decoding: $0.body, as: UTF8.self) } == "after")
        await subscription.close()
    }
}
