import EmberSQLStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// One pooled connection inside a transaction: SQLite-spelled SQL, its `?` placeholders renumbered
/// as PostgreSQL's `$N`, values bound and read back as `SQLValue`s.
final class PostgresSession: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }
    private(set) var changesCount = 0
    /// How many statements the session may run, for a read outside a transaction (nil: no limit).
    private let statementLimit: Int?
    private var statementsRun = 0

    init(_ connection: PostgresConnection, logger: Logger, statementLimit: Int? = nil) {
        self.connection = connection
        self.logger = logger
        self.statementLimit = statementLimit
    }

    func execute(sql: String, arguments: SQLArguments) throws {
        let statements = arguments.values.isEmpty ? PostgresSQL.statements(sql) : [sql]
        for statement in statements {
            changesCount = try run(statement, arguments).metadata.rows ?? 0
        }
    }

    func rows(sql: String, arguments: SQLArguments) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        guard let first = result.rows.first else { return [] }
        let columns = SQLColumns(first.map(\.columnName))
        return try result.rows.map { row in SQLRow(columns: columns, values: try row.map(PostgresSQL.value)) }
    }

    /// Queues a statement whose answer nothing waits for: the connection runs its queries in order, so
    /// a failure shows in the next statement that is waited for (BEGIN, an advisory lock, a read's
    /// COMMIT). Saves this thread a wake-up per statement.
    func send(sql: String) {
        connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).whenComplete { _ in }
    }

    private func run(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        statementsRun += 1
        if let statementLimit, statementsRun > statementLimit { throw PostgresFailure.statementLimit(statementLimit, sql) }
        var bindings = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        let query = PostgresQuery(unsafeSQL: PostgresSQL.numbered(sql), binds: bindings)
        return try connection.query(query, logger: logger).wait()
    }
}

/// The text transformations between the store's SQL and PostgreSQL's.
enum PostgresSQL {
    /// `?` becomes `$N` (the next number after the highest so far, as SQLite counts) and `?N` becomes
    /// `$N`; quoted strings and identifiers are left alone.
    static func numbered(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 8)
        var highest = 0
        var quote: Character?
        var characters = sql.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if let open = quote {
                output.append(character)
                if character == open { quote = nil }
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                output.append(character)
                continue
            }
            guard character == "?" else {
                output.append(character)
                continue
            }
            var digits = ""
            while let next = pending, next.isASCII, next.isNumber {
                digits.append(next)
                pending = characters.next()
            }
            let number = Int(digits) ?? highest + 1
            highest = max(highest, number)
            output += "$\(number)"
        }
        return output
    }

    /// Statements separated by `;` outside quotes, for schema scripts run without arguments.
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == ";" {
                statements.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        statements.append(current)
        return statements.filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// A cell as the store reads it: integers and booleans as integers, numerics (sums) as integers
    /// when whole, text as text.
    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .numeric:
            let number = try cell.decode(Decimal.self)
            let whole = NSDecimalNumber(decimal: number)
            if number == Decimal(whole.int64Value) { return .integer(whole.int64Value) }
            return .real(whole.doubleValue)
        case .bytea: return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
        default: return .text(try cell.decode(String.self))
        }
    }
}
