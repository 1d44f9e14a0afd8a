import Foundation

/// Timestamps as Cinder writes them: UTC, microseconds, no zone suffix (`2026-11-25T02:26:40.123456`).
enum CinderDate {
    static func string(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        let micros = Int(((seconds - Double(whole)) * 1_000_000).rounded(.down))
        var parts = tm()
        gmtime_r(&whole, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {  // never for a stored time; kept correct anyway
            return String(format: "%d-%02d-%02dT%02d:%02d:%02d.%06d", year, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, micros)
        }
        // Digits written into the string's own storage: listings write two of these a row.
        let fields: [(value: Int, width: Int, separator: UInt8?)] = [
            (year, 4, UInt8(ascii: "-")), (Int(parts.tm_mon) + 1, 2, UInt8(ascii: "-")), (Int(parts.tm_mday), 2, UInt8(ascii: "T")),
            (Int(parts.tm_hour), 2, UInt8(ascii: ":")), (Int(parts.tm_min), 2, UInt8(ascii: ":")), (Int(parts.tm_sec), 2, UInt8(ascii: ".")),
            (micros, 6, nil),
        ]
        return String(unsafeUninitializedCapacity: 26) { out in
            var position = 0
            for field in fields {
                var value = field.value
                for offset in stride(from: field.width - 1, through: 0, by: -1) {
                    out[position + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                position += field.width
                if let separator = field.separator {
                    out[position] = separator
                    position += 1
                }
            }
            return position
        }
    }

    static func json(_ date: Date?) -> JSONValue { date.map { .string(string($0)) } ?? .null }
}
