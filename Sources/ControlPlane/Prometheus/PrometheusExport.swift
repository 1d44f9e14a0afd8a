package import CoreMetrics
package import EmberMetrics
import Prometheus

/// The swift-metrics backend that exports Ember's metrics in Prometheus' text format: each metric of
/// `EmberMetric.all` with its help text and labels. A name that is not one of them, or a known name
/// with other labels (another library's metrics, or a mistake), is recorded nowhere, so the
/// exposition always passes `promtool check metrics` and the registry never meets a conflict.
package struct PrometheusExport: MetricsFactory {
    private let registry = PrometheusCollectorRegistry()
    /// Durations from a millisecond to a minute: API calls at the low end, wipes and copies at the high.
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60),
    ]

    package init() {}

    /// The text `/metrics` serves.
    package func exposition() -> [UInt8] { registry.emitToBuffer() }

    private func known(_ label: String, _ dimensions: [(String, String)], _ kind: EmberMetric.Kind) -> EmberMetric? {
        guard let metric = EmberMetric.named(label), metric.kind == kind, metric.labels == dimensions.map(\.0) else { return nil }
        return metric
    }

    package func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let metric = known(label, dimensions, .counter) else { return NOOPMetricsHandler.instance }
        return registry.makeCounter(name: metric.name, labels: dimensions, help: metric.help)
    }

    package func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        guard let metric = known(label, dimensions, .counter) else { return NOOPMetricsHandler.instance }
        return registry.makeCounter(name: metric.name, labels: dimensions, help: metric.help)
    }

    package func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let metric = known(label, dimensions, .gauge) else { return NOOPMetricsHandler.instance }
        return registry.makeGauge(name: metric.name, labels: dimensions, help: metric.help)
    }

    package func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let metric = known(label, dimensions, .gauge) else { return NOOPMetricsHandler.instance }
        return registry.makeGauge(name: metric.name, labels: dimensions, help: metric.help)
    }

    package func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let metric = known(label, dimensions, .histogram) else { return NOOPMetricsHandler.instance }
        return registry.makeDurationHistogram(name: metric.name, labels: dimensions, buckets: Self.buckets, help: metric.help)
    }

    // Ember's metrics live as long as the process.
    package func destroyCounter(_ handler: any CounterHandler) {}
    package func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    package func destroyRecorder(_ handler: any RecorderHandler) {}
    package func destroyMeter(_ handler: any MeterHandler) {}
    package func destroyTimer(_ handler: any TimerHandler) {}
}
