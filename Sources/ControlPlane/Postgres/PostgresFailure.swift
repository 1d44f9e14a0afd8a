import EmberStore
import PostgresNIO

/// What the PostgreSQL engine makes of a failure: a collision to retry, or the database out of reach
/// (a 503 for the API, as SQLite's locked database is).
enum PostgresFailure: Error, StoreUnavailability, CustomStringConvertible {
    case unreachable(String, any Error)
    /// A read outside a transaction ran more statements than it may: a defect of the store, not of the input.
    case statementLimit(Int, String)

    var unavailableReason: String? {
        switch self {
        case .unreachable: "the database cannot be reached"
        case .statementLimit: nil
        }
    }

    var description: String {
        switch self {
        case .unreachable(let url, let error): "cannot connect to \(url): \(String(reflecting: error))"
        case .statementLimit(let limit, let sql): "a read outside a transaction may run \(limit) statement(s), not also \(sql.prefix(60))"
        }
    }

    /// SQLSTATE 40001 (serialization failure) and 40P01 (deadlock detected): run the transaction again.
    static func isCollision(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }
}

extension PSQLError: StoreUnavailability {
    /// The connection failed or the server is going away (SQLSTATE class 08, 57P01–57P03, 53300).
    package var unavailableReason: String? {
        switch code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return "the database connection was lost"
        case .server:
            guard let state = serverInfo?[.sqlState] else { return nil }
            if state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state) { return "the database is not accepting work" }
            return nil
        default: return nil
        }
    }
}
