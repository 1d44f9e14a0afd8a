@testable import ControlPlane
import Foundation
import Logging
import Testing

@Suite("InProcessBus and the RPC layer")
struct BusTests {
    let bus = InProcessBus()
    let context = CallContext(requestID: "req-test", userID: "u", projectID: "p", roles: ["member"])

    /// Collects the bodies one subscription receives.
    func firstDeliveries(_ subscription: BusSubscription, count: Int) async -> [String] {
        var bodies: [String] = []
        for await delivery in subscription.deliveries {
            bodies.append(String(decoding: delivery.body, as: UTF8.self))
            if bodies.count == count { break }
        }
        return bodies
    }

    @Test func castGoesRoundRobinAcrossConsumersOfATopic() async throws {
        let a = try await bus.subscribe(topic: "t", server: "a")
        let b = try await bus.subscribe(topic: "t", server: "b")
        for body in ["1", "2", "3", "4"] { try await bus.cast(Data(body.utf8), to: BusTarget(topic: "t")) }
        #expect(await firstDeliveries(a, count: 2) == ["1", "3"])
        #expect(await firstDeliveries(b, count: 2) == ["2", "4"])
    }

    @Test func castToAServerReachesOnlyThatServer() async throws {
        let a = try await bus.subscribe(topic: "t", server: "a")
        _ = try await bus.subscribe(topic: "t", server: "b")
        try await bus.cast(Data("x".utf8), to: BusTarget(topic: "t", server: "a"))
        try await bus.cast(Data("y".utf8), to: BusTarget(topic: "t", server: "a"))
        #expect(await firstDeliveries(a, count: 2) == ["x", "y"])
    }

    @Test func fanoutReachesEveryConsumer() async throws {
        let a = try await bus.subscribe(topic: "t", server: "a")
        let b = try await bus.subscribe(topic: "t", server: "b")
        try await bus.fanout(Data("all".utf8), topic: "t")
        #expect(await firstDeliveries(a, count: 1) == ["all"])
        #expect(await firstDeliveries(b, count: 1) == ["all"])
    }

    @Test func castWithoutConsumerIsAnError() async throws {
        await #expect(throws: BusError.noConsumer("nobody.x")) {
            try await bus.cast(Data(), to: BusTarget(topic: "nobody", server: "x"))
        }
    }

    @Test func callTimesOutWhenNobodyReplies() async throws {
        let silent = try await bus.subscribe(topic: "t", server: "a")
        await #expect(throws: BusError.timeout("t", .milliseconds(50))) {
            try await bus.call(Data(), to: BusTarget(topic: "t"), timeout: .milliseconds(50))
        }
        _ = silent
    }

    @Test func rpcCallCarriesArgumentsContextAndReply() async throws {
        struct Echo: Codable, Sendable, Equatable { var text: String }
        var server = RPCServer(logger: Logger(label: "test"))
        server.on("echo", Echo.self) { args, context in Echo(text: "\(args.text) from \(context.userID)") }
        server.on("refuse", Echo.self) { _, _ -> Echo in throw Fault.badRequest("no") }
        let subscription = try await bus.subscribe(topic: "t", server: "a")
        let serving = Task { [server] in await server.run(subscription) }
        let client = RPCClient(bus: bus, callTimeout: .seconds(5))
        let reply = try await client.call("echo", args: Echo(text: "hi"), context: context, to: BusTarget(topic: "t"), returning: Echo.self)
        #expect(reply == Echo(text: "hi from u"))
        await #expect(throws: Fault.badRequest("no")) {
            try await client.call("refuse", args: Echo(text: ""), context: context, to: BusTarget(topic: "t"), returning: Echo.self)
        }
        await #expect(throws: RPCFailure.self) {
            try await client.call("missing", args: Echo(text: ""), context: context, to: BusTarget(topic: "t"), returning: Echo.self)
        }
        await subscription.close()
        await serving.value
    }

    @Test func envelopeIsVersionedJSONWithTheRequestContext() throws {
        let data = try JSONEncoder().encode(RPCEnvelope(method: "m", version: "1.2", context: context, args: NoArguments()))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["envelope"] as? String == "1.0")
        #expect(json["method"] as? String == "m")
        #expect(json["version"] as? String == "1.2")
        #expect((json["context"] as? [String: Any])?["requestID"] as? String == "req-test")
    }
}
