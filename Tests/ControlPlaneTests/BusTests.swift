import Foundation
import Logging
import Testing

@testable import EmberBus
@testable import EmberModel
@testable import EmberTestSupport

/// The delivery rules every bus implementation keeps (the `Bus` protocol's doc comment), run over each.
@Suite("Bus conformance")
struct BusConformanceTests {
    /// Collects the bodies one subscription receives, until `count` of them or the stream's end.
    static func bodies(_ subscription: BusSubscription, count: Int) async -> [String] {
        var bodies: [String] = []
        for await delivery in subscription.deliveries {
            bodies.append(String(decoding: delivery.body, as: UTF8.self))
            if bodies.count == count { break }
        }
        return bodies
    }

    @Test(arguments: BusImplementation.allCases)
    func castGoesRoundRobinAcrossConsumersOfATopic(_ implementation: BusImplementation) async throws {
        let bus = try await implementation.make()
        let a = try await bus.subscribe(topic: "t", server: "a")
        let b = try await bus.subscribe(topic: "t", server: "b")
        for body in ["1", "2", "3", "4"] { try await bus.cast(Data(body.utf8), to: BusTarget(topic: "t")) }
        #expect(await Self.bodies(a, count: 2) == ["1", "3"])
        #expect(await Self.bodies(b, count: 2) == ["2", "4"])
    }

    @Test(arguments: BusImplementation.allCases)
    func castToAServerReachesOnlyThatServerInOrder(_ implementation: BusImplementation) async throws {
        let bus = try await implementation.make()
        let a = try await bus.subscribe(topic: "t", server: "a")
        let b = try await bus.subscribe(topic: "t", server: "b")
        let sent = (0..<200).map(String.init)
        for body in sent { try await bus.cast(Data(body.utf8), to: BusTarget(topic: "t", server: "a")) }
        try await bus.cast(Data("for b".utf8), to: BusTarget(topic: "t", server: "b"))
        #expect(await Self.bodies(a, count: 200) == sent)
        #expect(await Self.bodies(b, count: 1) == ["for b"])
    }

    @Test(arguments: BusImplementation.allCases)
    func fanoutReachesEveryConsumer(_ implementation: BusImplementation) async throws {
        let bus = try await implementation.make()
        let a = try await bus.subscribe(topic: "t", server: "a")
        let b = try await bus.subscribe(topic: "t", server: "b")
        try await bus.fanout(Data("all".utf8), topic: "t")
        #expect(await Self.bodies(a, count: 1) == ["all"])
        #expect(await Self.bodies(b, count: 1) == ["all"])
    }

    @Test(arguments: BusImplementation.allCases)
    func aTargetNobodyConsumesIsRefusedNotLost(_ implementation: BusImplementation) async throws {
        let bus = try await implementation.make()
        await #expect(throws: BusError.noConsumer("nobody.x")) {
            try await bus.cast(Data(), to: BusTarget(topic: "nobody", server: "x"))
        }
        await #expect(throws: BusError.noConsumer("nobody")) {
            try await bus.call(Data(), to: BusTarget(topic: "nobody"), timeout: .seconds(1))
        }
    }

    @Test(arguments: BusImplementation.allCases)
    func closingLosesNothingAcceptedThenEndsTheStream(_ implementation: BusImplementation) async throws {
        let bus = try await implementation.make()
        let a = try await bus.subscribe(topic: "t", server: "a")
        let sent = (0..<10).map(String.init)
        for body in sent { try await bus.cast(Data(body.utf8), to: BusTarget(topic: "t")) }
        await a.close()
        // Whoever still holds them, every accepted message is handed over: the closed consumer's
        // queue (in-process) or a consumer that comes after (a broker's redelivery).
        let later = try await bus.subscribe(topic: "t", server: "b")
        var received = await Self.bodies(a, count: .max)
        if received.count < sent.count { received += await Self.bodies(later, count: sent.count - received.count) }
        #expect(received.sorted() == sent.sorted())
        await #expect(throws: BusError.noConsumer("t.a")) { try await bus.cast(Data(), to: BusTarget(topic: "t", server: "a")) }
        await later.close()
    }

    @Test(arguments: BusImplementation.allCases)
    func callTimesOutWhenNobodyReplies(_ implementation: BusImplementation) async throws {
        let bus = try await implementation.make()
        let silent = try await bus.subscribe(topic: "t", server: "a")
        await #expect(throws: BusError.timeout("t", .milliseconds(50))) {
            try await bus.call(Data(), to: BusTarget(topic: "t"), timeout: .milliseconds(50))
        }
        _ = silent
    }
}

/// Typed RPC over a bus: methods declared once, their versions checked by the server.
@Suite("The RPC layer")
struct RPCTests {
    let context = CallContext(requestID: "req-test", userID: "u", projectID: "p", roles: ["member"])

    struct Echo: Codable, Sendable, Equatable { var text: String }
    static let echo = RPCMethod<Echo, Echo>("echo", version: RPCVersion(1, 2))
    static let refuse = RPCMethod<Echo, Echo>("refuse")

    /// Runs an RPC server with the echo and refuse methods on topic `t` while `body` runs.
    func serving(_ implementation: BusImplementation, _ body: (RPCClient) async throws -> Void) async throws {
        let bus = try await implementation.make()
        var server = RPCServer(logger: Logger(label: "test"))
        server.on(Self.echo) { args, context in Echo(text: "\(args.text) from \(context.userID)") }
        server.on(Self.refuse) { _, _ -> Echo in throw Fault.badRequest("no") }
        let subscription = try await bus.subscribe(topic: "t", server: "a")
        let serving = Task { [server] in await server.run(subscription) }
        try await body(RPCClient(bus: bus, callTimeout: .seconds(5)))
        await subscription.close()
        await serving.value
    }

    @Test(arguments: BusImplementation.allCases)
    func aCallCarriesArgumentsContextAndReply(_ implementation: BusImplementation) async throws {
        try await serving(implementation) { client in
            let reply = try await client.call(Self.echo, Echo(text: "hi"), context: context, to: BusTarget(topic: "t"))
            #expect(reply == Echo(text: "hi from u"))
            await #expect(throws: Fault.badRequest("no")) {
                try await client.call(Self.refuse, Echo(text: ""), context: context, to: BusTarget(topic: "t"))
            }
            await #expect(throws: RPCFailure.self) {
                try await client.call(RPCMethod<Echo, Echo>("missing"), Echo(text: ""), context: context, to: BusTarget(topic: "t"))
            }
        }
    }

    @Test(arguments: BusImplementation.allCases)
    func theServerTakesOlderMinorVersionsAndRefusesNewerOrOtherMajorOnes(_ implementation: BusImplementation) async throws {
        try await serving(implementation) { client in
            for accepted in [RPCVersion(1, 0), RPCVersion(1, 2)] {
                let older = RPCMethod<Echo, Echo>("echo", version: accepted)
                let reply = try await client.call(older, Echo(text: "v"), context: context, to: BusTarget(topic: "t"))
                #expect(reply == Echo(text: "v from u"))
            }
            for refused in [RPCVersion(1, 3), RPCVersion(2, 0), RPCVersion(0, 9)] {
                let method = RPCMethod<Echo, Echo>("echo", version: refused)
                let failure = await #expect(throws: RPCFailure.self) {
                    try await client.call(method, Echo(text: ""), context: context, to: BusTarget(topic: "t"))
                }
                #expect(failure?.message == "echo version \(refused) is not supported: this service speaks 1.2")
            }
        }
    }

    @Test func versionsParseOnlyMajorDotMinor() {
        #expect(RPCVersion("3.14") == RPCVersion(3, 14))
        for bad in ["", "1", "1.", ".1", "1.2.3", "a.b", "-1.0", "1.-2"] { #expect(RPCVersion(bad) == nil) }
    }

    @Test func theEnvelopeIsVersionedJSONWithTheRequestContext() throws {
        let data = try JSONEncoder().encode(RPCEnvelope(method: "m", version: "1.2", context: context, args: NoArguments()))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["envelope"] as? String == "1.0")
        #expect(json["method"] as? String == "m")
        #expect(json["version"] as? String == "1.2")
        #expect((json["context"] as? [String: Any])?["requestID"] as? String == "req-test")
    }
}
