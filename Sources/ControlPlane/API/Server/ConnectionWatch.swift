import EmberModel
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// One connection's timeouts and its place in the registry. The two handlers below feed it what they
/// see (raw bytes before the HTTP decoder, request and response parts after it); it closes the
/// connection when the deadline of its phase passes. Its state is the channel's event loop's, but
/// for `idleSince`, which the registry reads from any thread.
final class ConnectionWatch: @unchecked Sendable {
    let channel: any Channel
    let limits: ConnectionLimits
    private var phase: ConnectionPhase
    private var timer: (at: ContinuousClock.Instant, task: Scheduled<Void>)?
    private let idleStamp = Mutex<ContinuousClock.Instant?>(nil)
    /// Admitted over the cap: its first request is answered 503 and the connection closed (set and read
    /// on the connection's event loop only).
    private(set) var isRefused = false

    init(channel: any Channel, limits: ConnectionLimits) {
        self.channel = channel
        self.limits = limits
        phase = ConnectionPhase(openedAt: .now)
    }

    var idleSince: ContinuousClock.Instant? { idleStamp.withLock { $0 } }

    func refuse() { isRefused = true }
    func close() { channel.close(promise: nil) }

    func bytesArrived() { change { $0.bytesArrived(at: .now) } }
    func headReceived() { change { $0.headReceived(at: .now) } }
    func requestRead() { change { $0.requestRead() } }
    func responseSent() { change { $0.responseSent(at: .now) } }

    func start() { schedule() }

    func stop() {
        timer?.task.cancel()
        timer = nil
    }

    private func change(_ update: (inout ConnectionPhase) -> Void) {
        update(&phase)
        let idle = phase.isIdle
        idleStamp.withLock { $0 = idle ? ($0 ?? .now) : nil }
        schedule()
    }

    /// Keeps one timer at the phase's deadline; a timer that fires early (the phase moved on) re-arms.
    private func schedule() {
        guard let deadline = phase.deadline(limits) else { return stop() }
        if let timer, timer.at <= deadline { return }
        stop()
        let delay = ContinuousClock.now.duration(to: deadline)
        let task = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(max(0, delay.nanoseconds)))) { [self] in
            timer = nil
            guard let current = phase.deadline(limits) else { return }
            if current <= .now { close() } else { schedule() }
        }
        timer = (deadline, task)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// First in the pipeline, before the HTTP decoder: notes that bytes arrived (a header has begun).
final class RawBytesHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let watch: ConnectionWatch
    let registry: ConnectionRegistry

    init(watch: ConnectionWatch, registry: ConnectionRegistry) {
        self.watch = watch
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if !registry.admit(watch) { watch.refuse() }
        watch.start()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        watch.bytesArrived()
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        watch.stop()
        registry.remove(watch)
        context.fireChannelInactive()
    }
}

/// After the HTTP decoder: tracks request and response parts, and answers by itself, then closes,
/// when a connection over the cap sends a request (503) or a body is declared over the limit (413).
final class RequestPartsHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart
    let watch: ConnectionWatch
    let identityRoots: [String]
    private var answered = false

    init(watch: ConnectionWatch, identityRoots: [String]) {
        self.watch = watch
        self.identityRoots = identityRoots
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            watch.headReceived()
            if let refusal = refusal(of: head) {
                let path = String((head.path ?? "/").prefix { $0 != "?" })
                return answer(context, refusal, style: FaultBody(path: path, identityRoots: identityRoots))
            }
        case .body: break
        case .end: watch.requestRead()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { watch.responseSent() }
        context.write(data, promise: promise)
    }

    private func refusal(of head: HTTPRequest) -> Fault? {
        if watch.isRefused {
            return Fault(.unavailable, "The server has too many open connections; try again shortly.", retryAfter: 1)
        }
        if let text = head.headerFields[.contentLength], let length = Int(text), length > watch.limits.maxBodyBytes {
            return Fault(.overLimit, "Request is too large.")
        }
        return nil
    }

    /// Writes the fault body itself, since the request never reaches the router, then closes.
    private func answer(_ context: ChannelHandlerContext, _ fault: Fault, style: FaultBody) {
        answered = true
        let body = ByteBuffer(bytes: JSONWriter.bytes(style.render(fault)))
        var fields: HTTPFields = [.contentType: "application/json", .contentLength: String(body.readableBytes), .connection: "close"]
        if let seconds = fault.retryAfter { fields[.retryAfter] = String(seconds) }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: fault.code), headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
