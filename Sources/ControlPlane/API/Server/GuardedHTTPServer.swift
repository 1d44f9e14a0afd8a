package import Hummingbird
package import HummingbirdCore
package import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 channel with Ember's connection limits around it: a handler before the
/// decoder and one after it, sharing the connection's watch, and a registry for the whole listener.
struct GuardedHTTP1Channel: ServerChildChannel {
    let responder: HTTPChannelHandler.Responder
    let registry: ConnectionRegistry
    /// Where the early answers take Keystone's body instead of Cinder's.
    let identityRoots: [String]

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        let watch = ConnectionWatch(channel: channel, limits: registry.limits)
        do {
            try channel.pipeline.syncOperations.addHandler(RawBytesHandler(watch: watch, registry: registry))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let inner = HTTP1Channel(
            responder: responder, configuration: .init(additionalChannelHandlers: [RequestPartsHandler(watch: watch, identityRoots: identityRoots)]))
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await HTTP1Channel(responder: responder).handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 under `limits`: timeouts, a connection cap and an early 413 (in Keystone's body under
    /// `identityRoots`, as the router's own faults there).
    package static func guarded(_ limits: ConnectionLimits, identityRoots: [String]) -> HTTPServerBuilder {
        let registry = ConnectionRegistry(limits: limits)
        return .init { responder in GuardedHTTP1Channel(responder: responder, registry: registry, identityRoots: identityRoots) }
    }
}

extension ApplicationConfiguration {
    /// A listener on `host:port` that stops accepting past the limits' ceiling, so that a flood of
    /// connections cannot take every file descriptor.
    package static func ember(host: String, port: Int, serverName: String, limits: ConnectionLimits, logger: Logger) -> Self {
        .init(
            address: .hostname(host, port: port), serverName: serverName,
            availableConnectionsDelegate: MaximumAvailableConnections(limits.acceptCeiling, logger: logger))
    }
}
