import Foundation
import Hummingbird
import Logging
import Testing

@testable import EmberAPI
@testable import EmberTestSupport

/// The listener's limits against clients that dawdle, hog or lie about their body, over real sockets.
@Suite("Connection limits: timeouts, a cap, an early 413")
struct ConnectionLimitTests {
    static let quick = ConnectionLimits(
        maxConnections: 4, idleTimeout: .seconds(1), headerTimeout: .milliseconds(700),
        bodyTimeout: .milliseconds(700))

    /// A live server with `limits` answering "ok" at `/`, and no other client than the test's own.
    static func serve(_ limits: ConnectionLimits = quick, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let router = Router(context: APIContext.self)
        router.get("/") { _, _ in "ok" }
        router.post("/") { _, _ in "ok" }
        let logger = Logger(label: "ember-limits-test")
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, server: .guarded(limits, identityRoots: CinderAPI.identityRoots),
            configuration: .ember(host: "127.0.0.1", port: 0, serverName: "ember", limits: limits, logger: logger),
            onServerRunning: { listening.yield($0.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            defer { group.cancelAll() }
            try await body(port)
        }
    }

    @Test func halfAHeaderIsClosedAtTheHeaderTimeout() async throws {
        try await Self.serve { port in
            let client = try RawHTTPClient(port: port)
            // Timed from before the send: the server's deadline runs from the bytes' arrival, later still.
            let sent = ContinuousClock.now
            client.send("GET / HTTP/1.1\r\nHost: te")
            _ = try #require(await client.timeUntilClosed(limit: .seconds(15)), "the connection stayed open")
            let closed = ContinuousClock.now - sent
            #expect(closed >= .milliseconds(700) && closed < .seconds(10), "\(closed)")
        }
    }

    @Test func anIdleKeepAliveConnectionIsClosedAtTheIdleTimeout() async throws {
        try await Self.serve { port in
            let client = try RawHTTPClient(port: port)
            // Timed from before the request: the idle timeout runs from the response, later still (the
            // client may read the response well after it was sent on a loaded machine).
            let sent = ContinuousClock.now
            let response = try #require(await client.request().text, "no response")
            #expect(response.hasPrefix("HTTP/1.1 200"))
            _ = try #require(await client.timeUntilClosed(limit: .seconds(15)), "the connection stayed open")
            let closed = ContinuousClock.now - sent
            #expect(closed >= .seconds(1) && closed < .seconds(10), "\(closed)")
        }
    }

    @Test func aBodyThatNeverComesIsClosedAtTheBodyTimeout() async throws {
        try await Self.serve { port in
            let client = try RawHTTPClient(port: port)
            client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\nabc")
            #expect(await client.timeUntilClosed(limit: .seconds(15)) != nil, "the connection stayed open")
        }
    }

    @Test func aDeclaredBodyOverTheLimitIs413AtOnce() async throws {
        // Long timeouts: the answer must come from the length check, not from a timeout closing it.
        try await Self.serve(ConnectionLimits(headerTimeout: .seconds(30), bodyTimeout: .seconds(30))) { port in
            let client = try RawHTTPClient(port: port)
            let start = ContinuousClock.now
            client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000000000\r\n\r\n")
            let response = try #require(await client.receive(timeout: .seconds(10)).text, "no answer")
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(response.hasPrefix("HTTP/1.1 413"), "\(response)")
            #expect(response.contains(#""overLimit""#))
            #expect(await client.timeUntilClosed(limit: .seconds(10)) != nil, "closed after the answer")
        }
    }

    @Test func anEarly413UnderIdentityHasKeystonesBody() async throws {
        try await Self.serve(ConnectionLimits(headerTimeout: .seconds(30), bodyTimeout: .seconds(30))) { port in
            let client = try RawHTTPClient(port: port)
            client.send("PATCH /identity/v3/users/u?x=1 HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000000000\r\n\r\n")
            let response = try #require(await client.receive(timeout: .seconds(10)).text, "no answer")
            #expect(response.hasPrefix("HTTP/1.1 413"), "\(response)")
            #expect(response.contains(#"{"error":{"code":413,"message":"Request is too large.","title":"Request Entity Too Large"}}"#))
        }
    }

    @Test func pastTheCapIdleConnectionsAreShedForANewClient() async throws {
        try await Self.serve(ConnectionLimits(maxConnections: 4)) { port in
            var idle: [RawHTTPClient] = []
            for _ in 0..<4 {
                let client = try RawHTTPClient(port: port)
                _ = try #require(await client.request().text, "no response")
                idle.append(client)
            }
            let newcomer = try RawHTTPClient(port: port)
            let response = try #require(await newcomer.request().text, "the new client got no answer")
            #expect(response.hasPrefix("HTTP/1.1 200"), "\(response)")
            var shed = 0
            for client in idle where await client.receive(timeout: .seconds(1)) == .closed { shed += 1 }
            #expect(shed == 1, "the oldest idle connection made room")
        }
    }

    @Test func pastTheCapWithNothingIdleANewClientGets503() async throws {
        try await Self.serve(ConnectionLimits(maxConnections: 3, headerTimeout: .seconds(30))) { port in
            var busy: [RawHTTPClient] = []
            for _ in 0..<3 {
                let client = try RawHTTPClient(port: port)
                client.send("GET / HTTP/1.1\r\nHo")
                busy.append(client)
            }
            try await Task.sleep(for: .seconds(1))
            let newcomer = try RawHTTPClient(port: port)
            let start = ContinuousClock.now
            let response = try #require(await newcomer.request().text, "the new client got no answer")
            // Well inside the 30 s header timeout: the answer is the cap's, not a timeout's (CI's loaded
            // machine took 1.3 s once).
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(response.hasPrefix("HTTP/1.1 503"), "\(response)")
            #expect(response.lowercased().contains("retry-after: 1"))
            #expect(response.contains(#""serviceUnavailable""#))
        }
    }

    @Test func phasesChooseTheirTimeout() {
        let limits = Self.quick
        let start = ContinuousClock.now
        var phase = ConnectionPhase(openedAt: start)
        #expect(phase.deadline(limits) == start + limits.headerTimeout)
        phase.headReceived(at: start + .seconds(1))
        #expect(phase.deadline(limits) == start + .seconds(1) + limits.bodyTimeout)
        phase.requestRead()
        #expect(phase.deadline(limits) == nil)
        phase.bytesArrived(at: start + .seconds(2))
        #expect(phase.deadline(limits) == nil, "bytes of a pipelined request do not start a timeout while responding")
        phase.responseSent(at: start + .seconds(3))
        #expect(phase.isIdle && phase.deadline(limits) == start + .seconds(3) + limits.idleTimeout)
        phase.bytesArrived(at: start + .seconds(4))
        #expect(phase.deadline(limits) == start + .seconds(4) + limits.headerTimeout)
    }
}

@Suite("The connection cap fits the open-file limit")
struct DescriptorFitTests {
    @Test func aCapThatFitsIsKept() throws {
        let limits = ConnectionLimits(maxConnections: 512)
        #expect(try #require(limits.fitting(descriptors: 1_048_576)) == limits)
    }

    @Test(arguments: [400, 700, 300])
    func aCapThatDoesNotFitIsLoweredUntilItDoes(_ descriptors: Int) throws {
        let fitted = try #require(ConnectionLimits(maxConnections: 512).fitting(descriptors: descriptors))
        #expect(fitted.maxConnections < 512 && fitted.maxConnections >= 1)
        #expect(fitted.acceptCeiling + ConnectionLimits.reservedDescriptors <= descriptors)
    }

    @Test func noRoomAtAllIsNil() {
        #expect(ConnectionLimits().fitting(descriptors: 150) == nil)
    }
}
