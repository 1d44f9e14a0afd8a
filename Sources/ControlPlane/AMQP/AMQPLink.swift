import Foundation
import Logging
import Synchronization

/// How a publish ended: the broker confirmed it, returned it as unroutable, refused it (nack), or the
/// link gave up (no confirm in time, the connection lost before one came, the link closed).
enum AMQPPublishOutcome: Sendable, Equatable {
    case confirmed, returned, refused
    case failed(String)
}

/// A consumer the link keeps across reconnects, declaring its queue again on each connection.
struct AMQPConsumer: Sendable {
    var tag: String
    var queue: AMQPQueue
    /// Called on the link's thread; the generation names the connection the delivery tag belongs to.
    var deliver: @Sendable (AMQPInbound, _ generation: Int) -> Void
}

/// The process's one connection to the broker, owned by a thread of its own.
///
/// rabbitmq-c blocks and is not thread-safe, so every call into it happens on this thread: callers
/// hand in commands (a lock-guarded queue and a wake pipe) and get their outcome through callbacks,
/// which the bus turns into continuations. The thread polls the socket and the pipe at a third of the
/// heartbeat interval, which is when rabbitmq-c sends heartbeats and notices missing ones. On a lost
/// connection it reconnects with backoff (1 s doubling to 30 s) and declares its consumers again;
/// commands that arrive meanwhile wait until their deadline.
final class AMQPLink: Sendable {
    enum Command: Sendable {
        case publish(AMQPOutbound, deadline: ContinuousClock.Instant, done: @Sendable (AMQPPublishOutcome) -> Void)
        case consume(AMQPConsumer, deadline: ContinuousClock.Instant?, done: @Sendable (String?) -> Void)
        case cancel(String, done: @Sendable () -> Void)
        case acknowledge(UInt64, generation: Int)
        case close
    }

    let url: AMQPURL
    let heartbeat: Int
    let logger: Logger
    private let commands = Mutex<[Command]>([])
    private let wake: (read: Int32, write: Int32)

    init(url: AMQPURL, heartbeat: Int, logger: Logger) {
        self.url = url
        self.heartbeat = heartbeat
        self.logger = logger
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wake = (fds[0], fds[1])
        let thread = Thread { [self] in self.run() }
        thread.name = "ember-amqp"
        thread.start()
    }

    func submit(_ command: Command) {
        commands.withLock { $0.append(command) }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// The thread's body: connect, serve, and after a loss reconnect, until `.close`.
    private func run() {
        var state = LinkState()
        var backoff: Double = 1
        while !state.closing {
            do {
                let wire = try AMQPWire.connect(url, heartbeat: heartbeat)
                state.generation += 1
                var session = AMQPSession(wire: wire, generation: state.generation)
                do {
                    for consumer in state.consumers.values { try session.start(consumer) }
                    if backoff > 1 { logger.info("amqp: connected again to \(url.redacted)") }
                    backoff = 1
                    try serve(&session, &state)
                } catch {
                    logger.error("amqp: \(error); reconnecting")
                }
                session.failPending(state.closing ? "the bus is closed" : "the connection to the broker was lost before it confirmed")
                wire.close()
            } catch {
                logger.error("amqp: \(error); trying again in \(Int(backoff)) s")
                idle(for: backoff, &state)
                backoff = min(backoff * 2, 30)
            }
        }
        state.failWaiting("the bus is closed")
        close(wake.read)
        close(wake.write)
    }

    /// Connected: runs commands, reads frames, expires confirms, and sleeps in poll(2).
    private func serve(_ session: inout AMQPSession, _ state: inout LinkState) throws {
        while !state.closing {
            var batch =
                state.waiting
                + commands.withLock { pending in
                    defer { pending.removeAll() }
                    return pending
                }
            state.waiting = []
            while !batch.isEmpty {
                let command = batch.removeFirst()
                do { try session.run(command, &state) } catch {
                    state.waiting = [command] + batch
                    throw error
                }
            }
            while let event = try session.wire.nextEvent() { session.handle(event, state.consumers) }
            session.expire(now: .now)
            waitForWork(socket: session.wire.socket, milliseconds: Int32(heartbeat * 1000 / 3))
        }
    }

    /// Disconnected: waits out the backoff, failing what expires and taking consumers and cancels.
    private func idle(for seconds: Double, _ state: inout LinkState) {
        let until = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !state.closing, ContinuousClock.now < until {
            state.waiting += commands.withLock { pending in
                defer { pending.removeAll() }
                return pending
            }
            state.settleWhileDisconnected(now: .now)
            waitForWork(socket: -1, milliseconds: 250)
        }
    }

    /// Sleeps until the socket is readable, a command arrives, or the timeout.
    private func waitForWork(socket: Int32, milliseconds: Int32) {
        var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0), pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, socket >= 0 ? 2 : 1, milliseconds)
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wake.read, &buffer, buffer.count) > 0 {}
    }
}

/// What outlives one connection: the consumers to declare again and the commands still waiting.
private struct LinkState {
    var consumers: [String: AMQPConsumer] = [:]
    var waiting: [AMQPLink.Command] = []
    var generation = 0
    var closing = false

    /// Without a connection: cancels and acks need none, expired commands fail, the rest wait.
    mutating func settleWhileDisconnected(now: ContinuousClock.Instant) {
        var kept: [AMQPLink.Command] = []
        for command in waiting {
            switch command {
            case .close: closing = true
            case .acknowledge: break  // the broker requeued it with the lost connection
            case .cancel(let tag, let done):
                consumers[tag] = nil
                done()
            case .publish(_, let deadline, let done) where deadline <= now:
                done(.failed("no connection to the broker"))
            case .consume(_, let deadline?, let done) where deadline <= now:
                done("no connection to the broker")
            default: kept.append(command)
            }
        }
        waiting = kept
    }

    func failWaiting(_ reason: String) {
        for command in waiting {
            switch command {
            case .publish(_, _, let done): done(.failed(reason))
            case .consume(_, _, let done): done(reason)
            case .cancel(_, let done): done()
            case .acknowledge, .close: break
            }
        }
    }
}

/// One connection's state: its wire, its publish sequence and the publishes awaiting a confirm.
private struct AMQPSession {
    struct Pending {
        var deadline: ContinuousClock.Instant
        var returned = false
        var done: @Sendable (AMQPPublishOutcome) -> Void
    }

    let wire: AMQPWire
    let generation: Int
    private var sequence: UInt64 = 0
    private var pending: [UInt64: Pending] = [:]
    private var declared: Set<AMQPExchange> = []

    init(wire: AMQPWire, generation: Int) {
        self.wire = wire
        self.generation = generation
    }

    mutating func start(_ consumer: AMQPConsumer) throws {
        for binding in consumer.queue.bindings { try ensure(binding.exchange) }
        try wire.declare(consumer.queue)
        try wire.consume(consumer.queue.name, tag: consumer.tag)
    }

    mutating func run(_ command: AMQPLink.Command, _ state: inout LinkState) throws {
        switch command {
        case .close: state.closing = true
        case .acknowledge(let tag, let generation): if generation == self.generation { try wire.acknowledge(tag) }
        case .cancel(let tag, let done):
            if state.consumers.removeValue(forKey: tag) != nil { try wire.cancel(tag: tag) }
            done()
        case .consume(let consumer, _, let done):
            try start(consumer)
            state.consumers[consumer.tag] = consumer
            done(nil)
        case .publish(let message, let deadline, let done):
            guard deadline > .now else { return done(.failed("no confirm from the broker in time")) }
            if let exchange = message.exchange { try ensure(exchange) }
            sequence += 1
            pending[sequence] = Pending(deadline: deadline, done: done)
            try wire.publish(message, messageID: String(sequence))
        }
    }

    mutating func handle(_ event: AMQPEvent, _ consumers: [String: AMQPConsumer]) {
        switch event {
        case .delivery(let tag, let message): consumers[tag]?.deliver(message, generation)
        case .returned(let message): if let id = message.messageID.flatMap(UInt64.init) { pending[id]?.returned = true }
        case .acknowledged(let tag, let multiple):
            settle(upTo: tag, multiple: multiple) { $0.returned ? .returned : .confirmed }
        case .refused(let tag, let multiple): settle(upTo: tag, multiple: multiple) { _ in .refused }
        case .cancelled: break
        }
    }

    private mutating func settle(upTo tag: UInt64, multiple: Bool, _ outcome: (Pending) -> AMQPPublishOutcome) {
        let tags = multiple ? pending.keys.filter { $0 <= tag } : [tag]
        for tag in tags { if let entry = pending.removeValue(forKey: tag) { entry.done(outcome(entry)) } }
    }

    mutating func expire(now: ContinuousClock.Instant) {
        for (tag, entry) in pending where entry.deadline <= now {
            pending[tag] = nil
            entry.done(.failed("no confirm from the broker in time"))
        }
    }

    mutating func failPending(_ reason: String) {
        for entry in pending.values { entry.done(.failed(reason)) }
        pending.removeAll()
    }

    private mutating func ensure(_ exchange: AMQPExchange) throws {
        guard !declared.contains(exchange) else { return }
        try wire.declare(exchange)
        declared.insert(exchange)
    }
}
