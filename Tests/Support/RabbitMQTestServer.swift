import Foundation

@testable import EmberAMQP

/// The RabbitMQ the tests run against: a throw-away broker started once per test process by the
/// project's `scripts/rabbitmq.sh` on loopback (or `EMBER_TEST_TRANSPORT_URL`'s). Each bus the tests
/// make takes a name prefix of its own, so tests running side by side never share a queue.
actor RabbitMQTestServer {
    static let shared = RabbitMQTestServer()
    private var started: Task<AMQPURL, any Error>?

    func url() async throws -> AMQPURL {
        if started == nil {
            started = Task {
                if let text = ProcessInfo.processInfo.environment["EMBER_TEST_TRANSPORT_URL"] {
                    guard let url = AMQPURL(text) else { throw TestServerError("EMBER_TEST_TRANSPORT_URL is not a rabbit:// URL") }
                    return url
                }
                return try await Self.start(port: 30_000 + Int(getpid() % 5_000), directory: "/var/tmp/ember-test-rabbit-\(getpid())").url
            }
        }
        return try await started!.value
    }

    /// Starts a broker of its own on `port` (a test that kills it), and waits until it takes logins.
    /// A broker that exits while starting is started again, up to three times: on a loaded machine a
    /// node restarted on the port (and node name) of one just killed has been seen to stop at once.
    static func start(port: Int, directory: String) async throws -> (url: AMQPURL, process: Process) {
        let url = AMQPURL(host: "127.0.0.1", port: port, user: "ember", password: "ember-test")
        for attempt in 1...3 {
            let process = try ScriptServer.launch("rabbitmq.sh", [attempt == 1 ? directory : "\(directory)-\(attempt)", String(port)])
            do {
                try await waitUntilReady(url, process)
                return (url, process)
            } catch let error as TestServerError where !process.isRunning && attempt < 3 {
                FileHandle.standardError.write(Data("RabbitMQ test broker: \(error), starting it again\n".utf8))
                try await Task.sleep(for: .seconds(2))
            }
        }
        throw TestServerError("RabbitMQ on 127.0.0.1:\(port) did not start in three attempts")
    }

    /// SIGKILLs the broker running in `directory`, as a crash would end it; its script then exits.
    static func kill(directory: String) throws {
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        // The directory `start` gave it: `directory`, or `directory-2` or `-3` when it took another attempt.
        kill.arguments = ["-KILL", "-f", "--", "-home \(directory)(-[23])? -epmd_port"]
        try kill.run()
        kill.waitUntilExit()
        guard kill.terminationStatus == 0 else { throw TestServerError("no broker runs in \(directory)") }
    }

    static func waitUntilReady(_ url: AMQPURL, _ process: Process) async throws {
        try await ScriptServer.wait(for: process, "RabbitMQ on 127.0.0.1:\(url.port)", seconds: 60) {
            guard let wire = try? AMQPWire.connect(url, heartbeat: 0) else { return false }
            wire.close()
            return true
        }
    }
}
