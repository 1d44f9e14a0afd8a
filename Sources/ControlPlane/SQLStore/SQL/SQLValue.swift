package import Foundation

/// A value bound to a statement or read from a row, the same on every SQL engine the store runs on.
///
/// Booleans are integers (0 and 1) and timestamps are seconds since 1970 or GRDB's UTC text, as the
/// SQLite schema has always stored them, so one set of SQL reads the same rows on SQLite and PostgreSQL.
package enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift type the store binds and reads.
package protocol SQLValueConvertible {
    var sqlValue: SQLValue { get }
    /// The value read back, or nil when the stored value is of another kind.
    init?(sqlValue: SQLValue)
}

extension Int64: SQLValueConvertible {
    package var sqlValue: SQLValue { .integer(self) }
    package init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .integer(let value): self = value
        case .real(let value) where value.rounded() == value: self = Int64(value)
        case .text(let value):
            guard let parsed = Int64(value) else { return nil }
            self = parsed
        default: return nil
        }
    }
}

extension Int: SQLValueConvertible {
    package var sqlValue: SQLValue { .integer(Int64(self)) }
    package init?(sqlValue: SQLValue) {
        guard let value = Int64(sqlValue: sqlValue) else { return nil }
        self = Int(value)
    }
}

extension Bool: SQLValueConvertible {
    package var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    package init?(sqlValue: SQLValue) {
        guard let value = Int64(sqlValue: sqlValue) else { return nil }
        self = value != 0
    }
}

extension Double: SQLValueConvertible {
    package var sqlValue: SQLValue { .real(self) }
    package init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
}

extension String: SQLValueConvertible {
    package var sqlValue: SQLValue { .text(self) }
    package init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .text(let value): self = value
        case .blob(let bytes): self = String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
    }
}

extension Date: SQLValueConvertible {
    /// GRDB's format for dates (UTC, milliseconds), which the SQLite schema's DATETIME columns hold.
    package var sqlValue: SQLValue { .text(SQLDateText.format(self)) }
    package init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let seconds): self.init(timeIntervalSince1970: seconds)
        case .integer(let seconds): self.init(timeIntervalSince1970: Double(seconds))
        case .text(let text):
            guard let date = SQLDateText.parse(text) else { return nil }
            self = date
        default: return nil
        }
    }
}

/// `YYYY-MM-DD HH:MM:SS[.fff][+00]` in UTC: GRDB's dates, SQLite's CURRENT_TIMESTAMP and PostgreSQL's.
enum SQLDateText {
    static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let fractionText = String(fraction + 1000).dropFirst()
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec)) + fractionText
    }

    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var fraction = 0.0
        if bytes.count > 20, bytes[19] == UInt8(ascii: ".") {
            let digits = bytes[20...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            fraction = Double("0." + String(decoding: digits, as: UTF8.self)) ?? 0
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + fraction)
    }
}
