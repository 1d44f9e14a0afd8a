/// A resource's lifecycle as a plain value: which status each event leads to, and from which statuses
/// it may happen. No I/O happens here. A store persists a transition only with a conditional update on
/// one of `sources(of:)`, so two requests racing on one resource can never both win.
package protocol Lifecycle {
    associatedtype Status: Hashable & Sendable
    associatedtype Event: Sendable

    static func sources(of event: Event) -> Set<Status>
    static func target(of event: Event) -> Status
}

extension Lifecycle {
    /// The status `event` leads to from `status`, or nil when the event is not allowed there.
    package static func next(from status: Status, on event: Event) -> Status? {
        sources(of: event).contains(status) ? target(of: event) : nil
    }
}
