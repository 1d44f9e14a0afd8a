import Foundation

/// Timestamps as Cinder writes them: UTC, microseconds, no zone suffix (`2026-11-25T02:26:40.123456`).
enum CinderDate {
    static func string(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        let micros = Int(((seconds - Double(whole)) * 1_000_000).rounded(.down))
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros)
    }

    static func json(_ date: Date?) -> JSONValue { date.map { .string(string($0)) } ?? .null }
}
