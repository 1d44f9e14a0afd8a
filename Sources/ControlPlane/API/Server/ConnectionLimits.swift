/// How long and how many: what the HTTP listener allows a client before it closes the connection.
/// Every limit has a default, so a slow or hostile client cannot hold the server's sockets forever.
package struct ConnectionLimits: Sendable, Equatable {
    /// Open connections served at once. Past it, idle keep-alive connections are closed to make room,
    /// and when none is idle a new client's request is answered 503 with `Retry-After`.
    package var maxConnections: Int
    /// A keep-alive connection with no request in progress is closed after this long.
    package var idleTimeout: Duration
    /// From a connection's first byte (or the previous response) to the end of a request's headers.
    package var headerTimeout: Duration
    /// From the end of the headers to the end of the body.
    package var bodyTimeout: Duration
    /// A body declared longer than this is refused with 413 before any of it is read.
    package var maxBodyBytes: Int

    package static let defaultMaxConnections = 512
    package static let defaultIdleTimeout: Duration = .seconds(60)
    package static let defaultHeaderTimeout: Duration = .seconds(20)
    package static let defaultBodyTimeout: Duration = .seconds(60)
    /// Cinder's default `max_request_body_size`.
    package static let defaultMaxBodyBytes = 114_688

    package init(
        maxConnections: Int = defaultMaxConnections, idleTimeout: Duration = defaultIdleTimeout,
        headerTimeout: Duration = defaultHeaderTimeout, bodyTimeout: Duration = defaultBodyTimeout,
        maxBodyBytes: Int = defaultMaxBodyBytes
    ) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.maxBodyBytes = maxBodyBytes
    }

    /// Connections accepted at all: the cap plus room for the clients that are told 503, so a flood
    /// cannot take every file descriptor; past it the listener stops accepting until one closes.
    var acceptCeiling: Int { maxConnections + Self.overflow(maxConnections) }

    private static func overflow(_ cap: Int) -> Int { max(64, cap / 4) }

    /// Descriptors kept for everything but client connections (the database, token keys, tgtadm's
    /// pipes, the volume service's devices).
    package static let reservedDescriptors = 128

    /// These limits with the cap lowered, if needed, so that the accept ceiling and the reserve fit in
    /// `descriptors` open files (the process's `RLIMIT_NOFILE`): past it, accepts would fail and every
    /// other request with them. Returns nil when no cap of at least one fits.
    package func fitting(descriptors: Int) -> ConnectionLimits? {
        var limits = self
        let room = descriptors - Self.reservedDescriptors
        while limits.acceptCeiling > room {
            limits.maxConnections -= max(1, (limits.acceptCeiling - room) * 4 / 5)
            guard limits.maxConnections >= 1 else { return nil }
        }
        return limits
    }
}

/// What one connection is doing, as a value: the phase decides which timeout runs and since when.
struct ConnectionPhase: Equatable {
    enum Phase: Equatable { case idle, header, body, responding }

    private(set) var phase: Phase = .header
    private(set) var since: ContinuousClock.Instant

    init(openedAt: ContinuousClock.Instant) { since = openedAt }

    /// Bytes came in: an idle connection starts reading a request's headers.
    mutating func bytesArrived(at now: ContinuousClock.Instant) {
        if phase == .idle { (phase, since) = (.header, now) }
    }

    mutating func headReceived(at now: ContinuousClock.Instant) { (phase, since) = (.body, now) }
    mutating func requestRead() { phase = .responding }
    mutating func responseSent(at now: ContinuousClock.Instant) { (phase, since) = (.idle, now) }

    var isIdle: Bool { phase == .idle }

    /// When the connection must be closed if nothing changes; nil while a response is being made.
    func deadline(_ limits: ConnectionLimits) -> ContinuousClock.Instant? {
        switch phase {
        case .idle: since + limits.idleTimeout
        case .header: since + limits.headerTimeout
        case .body: since + limits.bodyTimeout
        case .responding: nil
        }
    }
}
