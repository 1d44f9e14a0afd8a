package import Metrics

/// Every metric Ember records, with the one set of labels and the help text it is exported with.
/// Code records through these descriptors only, so a name never changes kind or labels, and the
/// exporter (`ember`'s Prometheus factory) gives each its help and drops any name not listed here.
/// Names start `ember_`, in base units (seconds, bytes), with `_total` on counters.
package struct EmberMetric: Sendable, Hashable {
    package enum Kind: String, Sendable {
        case counter, gauge, histogram
    }

    package let name: String
    package let kind: Kind
    package let labels: [String]
    package let help: String

    init(_ name: String, _ kind: Kind, _ labels: [String], _ help: String) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.help = help
    }

    package static let apiRequestDuration = EmberMetric(
        "ember_api_request_duration_seconds", .histogram, ["route", "method", "status_class"],
        "API request duration, by route template, method and status class (2xx, 4xx, 5xx).")
    package static let volumeOperations = EmberMetric(
        "ember_volume_operations_total", .counter, ["operation", "result"],
        "Volume service operations (create volume, delete snapshot, ...) by result (succeeded, failed).")
    package static let volumeOperationDuration = EmberMetric(
        "ember_volume_operation_duration_seconds", .histogram, ["operation"], "Volume service operation durations.")
    package static let dataPathBytes = EmberMetric(
        "ember_datapath_bytes_total", .counter, ["operation", "engine"],
        "Bytes the data path wiped, copied or cloned, by operation and I/O engine (holes and shared extents included).")
    package static let poolCapacity = EmberMetric(
        "ember_pool_capacity_bytes", .gauge, ["host", "kind"],
        "A volume service's pool capacity as it last reported it: total, free and allocated bytes.")
    package static let serviceUp = EmberMetric(
        "ember_service_up", .gauge, ["binary", "host"], "1 when the service's heartbeat is recent, 0 when it is down or disabled.")
    package static let databaseTransactionDuration = EmberMetric(
        "ember_database_transaction_duration_seconds", .histogram, ["kind"],
        "Database transactions, reads and writes, from asking to the answer.")
    package static let databaseRetries = EmberMetric(
        "ember_database_retries_total", .counter, [], "Write transactions run again after a serialization failure or a deadlock.")
    package static let busPublishDuration = EmberMetric(
        "ember_bus_publish_duration_seconds", .histogram, ["result"],
        "Message bus publishes, from sending to the broker's confirm (or failure).")
    package static let loginFailures = EmberMetric(
        "ember_login_failures_total", .counter, ["reason"], "Refused logins: a wrong password, an unknown or disabled user, or throttling.")

    package static let all: [EmberMetric] = [
        apiRequestDuration, volumeOperations, volumeOperationDuration, dataPathBytes, poolCapacity, serviceUp,
        databaseTransactionDuration, databaseRetries, busPublishDuration, loginFailures,
    ]

    /// The metric named `name`, if Ember exports one.
    package static func named(_ name: String) -> EmberMetric? { byName[name] }
    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The labels as swift-metrics takes them, `values` in the order of `labels`; nil (nothing is
    /// recorded) when a call site passes the wrong number, which a test of that site catches.
    private func dimensions(_ values: [String]) -> [(String, String)]? {
        guard values.count == labels.count else {
            assertionFailure("\(name) takes \(labels.count) label values, not \(values.count)")
            return nil
        }
        return Array(zip(labels, values))
    }

    /// Adds `amount` to a counter.
    package func increment(by amount: Int = 1, _ values: String...) {
        guard let dimensions = dimensions(values) else { return }
        Counter(label: name, dimensions: dimensions).increment(by: amount)
    }

    /// Sets a gauge.
    package func set(_ value: Double, _ values: String...) {
        guard let dimensions = dimensions(values) else { return }
        Gauge(label: name, dimensions: dimensions).record(value)
    }

    /// Records one duration in a histogram.
    package func record(_ duration: Duration, _ values: String...) {
        guard let dimensions = dimensions(values) else { return }
        Metrics.Timer(label: name, dimensions: dimensions).recordNanoseconds(duration.nanoseconds)
    }
}

extension Duration {
    /// Whole nanoseconds, as swift-metrics' timers take them.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
