import NIOCore
import Synchronization

/// The listener's open connections, shared by all of them: admits a new one while there is room,
/// else makes room by closing the connection idle the longest; a connection admitted over the cap
/// answers 503 instead of serving.
final class ConnectionRegistry: Sendable {
    let limits: ConnectionLimits
    /// Each open connection, and whether it was admitted over the cap. The registry keeps that mark
    /// itself, under its lock, so it never reads a connection's own state from another event loop.
    private let open = Mutex<[ObjectIdentifier: (watch: ConnectionWatch, refused: Bool)]>([:])

    init(limits: ConnectionLimits) { self.limits = limits }

    /// Records `watch`; false when the server is full and no idle connection could be closed for it.
    func admit(_ watch: ConnectionWatch) -> Bool {
        let (admitted, shed) = open.withLock { open -> (Bool, ConnectionWatch?) in
            let served = open.values.filter { !$0.refused }.map(\.watch)
            guard served.count >= limits.maxConnections else {
                open[ObjectIdentifier(watch)] = (watch, false)
                return (true, nil)
            }
            let idle = served.compactMap { other in other.idleSince.map { (other, $0) } }
            guard let oldest = idle.min(by: { $0.1 < $1.1 })?.0 else {
                open[ObjectIdentifier(watch)] = (watch, true)
                return (false, nil)
            }
            open[ObjectIdentifier(oldest)] = nil
            open[ObjectIdentifier(watch)] = (watch, false)
            return (true, oldest)
        }
        shed?.close()
        return admitted
    }

    func remove(_ watch: ConnectionWatch) {
        _ = open.withLock { $0.removeValue(forKey: ObjectIdentifier(watch)) }
    }
}
