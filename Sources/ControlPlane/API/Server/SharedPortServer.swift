import Glibc
package import Hummingbird
import HummingbirdCore
package import Logging
import NIOCore
import NIOExtras
import NIOPosix
package import ServiceLifecycle
import Synchronization

/// The API's listener when several processes share one address (`ember api --workers N`): each binds
/// it with SO_REUSEPORT and the kernel spreads new connections over them. Hummingbird's server binds
/// without that option and has no hook before its bind, so this one does the binding and the accept
/// loop itself; each connection is the same guarded HTTP/1.1 channel, under the same limits, with the
/// same router, as on Hummingbird's server.
package struct SharedPortServer: Service {
    let responder: RouterResponder<APIContext>
    let host: String
    let port: Int
    let serverName: String
    let limits: ConnectionLimits
    let identityRoots: [String]
    let logger: Logger
    /// Runs once the listener is bound, with its port.
    let onListening: @Sendable (Int) async -> Void

    package init(
        router: Router<APIContext>, host: String, port: Int, serverName: String, limits: ConnectionLimits, identityRoots: [String],
        logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) {
        self.responder = router.buildResponder()
        self.host = host
        self.port = port
        self.serverName = serverName
        self.limits = limits
        self.identityRoots = identityRoots
        self.logger = logger
        self.onListening = onListening
    }

    package func run() async throws {
        let child = GuardedHTTP1Channel(
            responder: Self.responder(responder, serverName: serverName, logger: logger),
            registry: ConnectionRegistry(limits: limits), identityRoots: identityRoots)
        let group = MultiThreadedEventLoopGroup.singleton
        let quiescing = ServerQuiescingHelper(group: group)
        let logger = logger
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.socket(SocketOptionLevel(SOL_SOCKET), SO_REUSEPORT), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .bind(host: host, port: port, serverBackPressureStrategy: nil) { channel in child.setup(channel: channel, logger: logger) }
        let bound = listener.channel.localAddress?.port ?? port
        logger.info("listening on \(host):\(bound) (SO_REUSEPORT)")
        await onListening(bound)
        await withGracefulShutdownHandler {
            await Self.serve(listener, child: child, ceiling: limits.acceptCeiling, logger: logger)
        } onGracefulShutdown: {
            // Stops accepting, lets each connection finish its request in flight, then closes them.
            quiescing.initiateShutdown(promise: nil)
        }
    }

    /// Hands each accepted connection to a task of its own. At `ceiling` connections unfinished, it
    /// waits for one to end before it takes the next, so the listener stops accepting (the kernel
    /// holds the newcomers in its backlog) instead of spending every file descriptor.
    private static func serve(
        _ listener: NIOAsyncChannel<HTTP1Channel.Value, Never>, child: GuardedHTTP1Channel, ceiling: Int, logger: Logger
    ) async {
        await withTaskGroup(of: Void.self) { connections in
            var unfinished = 0
            do {
                try await listener.executeThenClose { inbound in
                    for try await connection in inbound {
                        if unfinished >= ceiling, await connections.next() != nil { unfinished -= 1 }
                        connections.addTask { await child.handle(value: connection, logger: logger) }
                        unfinished += 1
                    }
                }
            } catch {
                logger.error("the shared listener stopped accepting: \(error)")
            }
        }
    }

    /// What Hummingbird's application does around its router for each request: a context on the
    /// channel, an unexpected error as a bare 500 (the router's own faults are answered already), and
    /// the Date and Server headers.
    static func responder(_ responder: RouterResponder<APIContext>, serverName: String, logger: Logger) -> HTTPChannelHandler.Responder {
        let dates = HTTPDate()
        return { request, writer, channel in
            let context = APIContext(source: .init(channel: channel, logger: logger))
            var response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch {
                logger.error("\(request.method) \(request.uri.path) failed: \(error)")
                response = Response(status: .internalServerError)
            }
            response.headers[.date] = dates.now()
            response.headers[.server] = serverName
            try await writer.write(response: response.head, body: response.body)
        }
    }
}

/// The Date header's text (RFC 9110's IMF-fixdate), formatted once a second.
final class HTTPDate: Sendable {
    private let cached = Mutex<(second: Int, text: String)>((-1, ""))

    func now() -> String {
        let time = Glibc.time(nil)
        let second = Int(time)
        return cached.withLock { cache in
            if cache.second != second { cache = (second, Self.format(time)) }
            return cache.text
        }
    }

    private static func format(_ time: time_t) -> String {
        var seconds = time
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 40)
        let length = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
