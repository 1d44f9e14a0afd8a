import Foundation

/// A plain TCP client for tests that must misbehave as no HTTP library will: send half a header,
/// declare a body and never send it, or sit idle. Blocking POSIX calls, each bounded by a timeout and
/// run on a dispatch thread, so a waiting test never holds one of the cooperative pool's few threads
/// (the server under test needs them to answer).
final class RawHTTPClient: @unchecked Sendable {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    enum Outcome: Equatable {
        case data(String)
        case closed
        case timedOut

        var text: String? { if case .data(let text) = self { text } else { nil } }
    }

    /// What arrives within `timeout`: some bytes, the server's close, or nothing.
    func receive(timeout: Duration) async -> Outcome {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.receiveBlocking(timeout: timeout)) }
        }
    }

    private func receiveBlocking(timeout: Duration) -> Outcome {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, milliseconds) > 0 else { return .timedOut }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count <= 0 ? .closed : .data(String(decoding: buffer[..<count], as: UTF8.self))
    }

    /// Reads until the server closes; the time that took, or nil if it stayed open for `limit`.
    func timeUntilClosed(limit: Duration) async -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if await receive(timeout: limit - (ContinuousClock.now - start)) == .closed { return ContinuousClock.now - start }
        }
        return nil
    }

    /// A whole response to a simple request (headers and a short body arrive in one read here).
    func request(_ path: String = "/", headers: String = "") async -> Outcome {
        send("GET \(path) HTTP/1.1\r\nHost: test\r\n\(headers)\r\n")
        return await receive(timeout: .seconds(10))
    }
}
