/// The column names of a result, shared by its rows, so reading by name costs one lookup.
package final class SQLColumns: Sendable {
    package let names: [String]
    let indexes: [String: Int]

    package init(_ names: [String]) {
        self.names = names
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexes[name] == nil { indexes[name] = index }
        self.indexes = indexes
    }
}

/// One row of a result, read by index (as the hot paths do) or by column name.
///
/// A non-optional read of a NULL or of a value of another kind is a broken schema, never user input:
/// it stops with the column's name, as GRDB's rows do.
package struct SQLRow: Sendable {
    package let columns: SQLColumns
    package let values: [SQLValue]

    package init(columns: SQLColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    package subscript<Value: SQLValueConvertible>(_ index: Int) -> Value {
        guard let value = Value(sqlValue: values[index]) else {
            preconditionFailure("column \(columns.names[index]) holds \(values[index]), not a \(Value.self)")
        }
        return value
    }

    package subscript<Value: SQLValueConvertible>(_ index: Int) -> Value? {
        if case .null = values[index] { return nil }
        return self[index] as Value
    }

    package subscript<Value: SQLValueConvertible>(_ name: String) -> Value {
        self[index(of: name)]
    }

    package subscript<Value: SQLValueConvertible>(_ name: String) -> Value? {
        self[index(of: name)]
    }

    private func index(of name: String) -> Int {
        guard let index = columns.indexes[name] else { preconditionFailure("no column \(name) in \(columns.names)") }
        return index
    }
}
