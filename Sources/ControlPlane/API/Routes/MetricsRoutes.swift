import EmberMetrics
import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `GET /metrics`: Ember's metrics in Prometheus' text format, for an admin token only. The services'
/// up gauges are read from the database as the scrape asks, so every API process reports the whole
/// cluster's.
struct MetricsRoutes {
    let store: any Store
    let exposition: @Sendable () -> [UInt8]

    static let path = "/metrics"

    func register(on router: Router<APIContext>) {
        router.get(RouterPath(Self.path)) { _, context in
            let caller = try context.requireCaller()
            guard caller.isAdmin else { throw Fault(.forbidden, "Policy doesn't allow the metrics to be read.") }
            return try await Self.response(store, exposition)
        }
    }

    /// The exposition, with the service gauges refreshed first.
    static func response(_ store: any Store, _ exposition: @Sendable () -> [UInt8]) async throws -> Response {
        for service in try await store.services() {
            EmberMetric.serviceUp.set(service.isUp && !service.disabled ? 1 : 0, service.binary, service.host)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: exposition())))
    }
}
