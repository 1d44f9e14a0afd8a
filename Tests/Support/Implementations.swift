import EmberBus
import EmberSQLStore
import EmberSQLite
import EmberStore
import Testing

/// Every store implementation the store conformance suite runs over. The distributed issue adds
/// PostgreSQL here, and the same suite then holds it to the same rules.
enum StoreImplementation: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite

    var testDescription: String { rawValue }

    /// A fresh, migrated store, with project `p1` free of quota limits, and what holds it.
    func make(_ label: String) async throws -> (store: any Store, holder: TemporaryDirectory) {
        switch self {
        case .sqlite:
            let (directory, store) = try await SQLStore.scratch(label)
            return (store, directory)
        }
    }
}

/// Every bus implementation the bus conformance suite runs over; the distributed issue adds AMQP.
enum BusImplementation: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inProcess

    var testDescription: String { rawValue }

    func make() async throws -> any Bus {
        switch self {
        case .inProcess: InProcessBus()
        }
    }
}
