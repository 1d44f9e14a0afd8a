import Foundation

/// Where the message broker is: Cinder's `transport_url`, `rabbit://USER:PASS@HOST:PORT/VHOST`
/// (also `amqp://`). An empty path is the vhost `/`, as oslo.messaging reads it.
package struct AMQPURL: Sendable, Equatable {
    package var host: String
    package var port: Int
    package var user: String
    package var password: String
    package var virtualHost: String

    package init(host: String, port: Int = 5672, user: String, password: String, virtualHost: String = "/") {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.virtualHost = virtualHost
    }

    /// Nil when `text` is not a broker URL with one host and a user (several hosts are not supported).
    package init?(_ text: String) {
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["rabbit", "amqp"].contains(scheme),
            let host = url.host, !host.isEmpty, !host.contains(","), let user = url.user, !user.isEmpty,
            url.query == nil
        else { return nil }
        let encoded = String(url.percentEncodedPath.dropFirst())
        guard !encoded.contains("/") || encoded == "/", let path = encoded.removingPercentEncoding else { return nil }
        self.init(host: host, port: url.port ?? 5672, user: user, password: url.password ?? "", virtualHost: path.isEmpty ? "/" : path)
    }

    /// The URL with its password hidden, for logs and errors.
    package var redacted: String { "rabbit://\(user):***@\(host):\(port)/\(virtualHost == "/" ? "" : virtualHost)" }
}
