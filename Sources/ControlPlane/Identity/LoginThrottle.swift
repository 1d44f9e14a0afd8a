package import EmberModel
package import Foundation

/// Failed logins, counted as Keystone's `lockout_failure_attempts` and `lockout_duration` do: a user
/// with that many failures in a row is locked for that long (even the right password is refused), and
/// a source address with `addressFailures` failures within `addressWindow` is told too many requests until the window
/// passes. Kept in memory, per process; a value type, held by the identity service under a lock.
package struct LoginThrottle: Sendable {
    package struct Limits: Sendable, Equatable {
        /// Failures in a row that lock a user; nil never locks (Keystone's default).
        package var lockoutFailureAttempts: Int?
        package var lockoutDuration: TimeInterval
        package var addressFailures: Int
        package var addressWindow: TimeInterval
        /// A refused login is answered no sooner than this after it arrived (as login(1)'s FAIL_DELAY).
        package var failureDelay: TimeInterval

        package static let defaultLockoutFailureAttempts = 10
        package static let defaultLockoutDuration: TimeInterval = 300
        package static let defaultAddressFailures = 30
        package static let defaultAddressWindow: TimeInterval = 60
        package static let defaultFailureDelay: TimeInterval = 1

        package init(
            lockoutFailureAttempts: Int? = defaultLockoutFailureAttempts, lockoutDuration: TimeInterval = defaultLockoutDuration,
            addressFailures: Int = defaultAddressFailures, addressWindow: TimeInterval = defaultAddressWindow,
            failureDelay: TimeInterval = defaultFailureDelay
        ) {
            self.failureDelay = failureDelay
            self.lockoutFailureAttempts = lockoutFailureAttempts
            self.lockoutDuration = lockoutDuration
            self.addressFailures = addressFailures
            self.addressWindow = addressWindow
        }
    }

    /// Failures since `first`, the latest at `last`.
    struct Tally: Sendable {
        var failures: Int
        var first: Date
        var last: Date
    }

    /// Remembered users and addresses at most; the oldest tallies go first past it.
    static let capacity = 10_000

    package let limits: Limits
    private var users: [String: Tally] = [:]
    private var addresses: [String: Tally] = [:]

    package init(limits: Limits = Limits()) { self.limits = limits }

    /// Throws before any password is checked: unauthorized for a locked user, too many requests for a noisy address.
    package func admit(user: String, address: String?, now: Date) throws(Fault) {
        if let address, let tally = addresses[address], now.timeIntervalSince(tally.first) < limits.addressWindow,
            tally.failures >= limits.addressFailures
        {
            let wait = Int((limits.addressWindow - now.timeIntervalSince(tally.first)).rounded(.up))
            throw Fault(.tooManyRequests, "Too many failed logins from this address; try again later.", retryAfter: max(1, wait))
        }
        if let attempts = limits.lockoutFailureAttempts, let tally = users[user], tally.failures >= attempts,
            now.timeIntervalSince(tally.last) < limits.lockoutDuration
        {
            throw Fault(.unauthorized, "The account is locked for user: \(user).")
        }
    }

    package mutating func failed(user: String, address: String?, now: Date) {
        // A user's run lasts while failures come within the lockout duration of the previous one
        // (the lock runs from the last failure); an address's window is fixed from its first failure.
        users[user] = Self.count(users[user], now: now, expired: { now.timeIntervalSince($0.last) >= limits.lockoutDuration })
        if let address {
            addresses[address] = Self.count(addresses[address], now: now, expired: { now.timeIntervalSince($0.first) >= limits.addressWindow })
        }
        Self.trim(&users, now: now, keepFor: limits.lockoutDuration)
        Self.trim(&addresses, now: now, keepFor: limits.addressWindow)
    }

    /// A good password ends the user's run of failures.
    package mutating func succeeded(user: String) { users[user] = nil }

    private static func count(_ tally: Tally?, now: Date, expired: (Tally) -> Bool) -> Tally {
        guard let tally, !expired(tally) else { return Tally(failures: 1, first: now, last: now) }
        return Tally(failures: tally.failures + 1, first: tally.first, last: now)
    }

    private static func trim(_ tallies: inout [String: Tally], now: Date, keepFor age: TimeInterval) {
        guard tallies.count > capacity else { return }
        tallies = tallies.filter { now.timeIntervalSince($0.value.last) < age }
        while tallies.count > capacity, let oldest = tallies.min(by: { $0.value.last < $1.value.last })?.key {
            tallies[oldest] = nil
        }
    }
}
