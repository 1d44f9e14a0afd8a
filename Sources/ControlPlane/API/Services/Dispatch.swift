import EmberModel
import EmberStore
import Logging

/// What the service layer does after each write that a service must finish: record the work a
/// volume service owes (the worker record its restart or an admin's cleanup finds) unless the write
/// did, send the cast, and if the bus does not take it, undo or mark the write (a status change,
/// which also drops the record) and tell the caller the service is unavailable. One place for the
/// rule, so no write is left waiting for a message that was never sent.
struct Dispatch {
    let store: any WorkerStore
    let logger: Logger

    /// Records `work` (if any), runs `send`; when it throws, runs `rollback` (whose status change
    /// settles the record), logs why, and throws an `unavailable` fault.
    func send(
        _ what: String, work: WorkerRecord? = nil, _ send: () async throws -> Void, rollback: () async throws -> Void,
        unavailable message: String
    ) async throws {
        if let work { try await store.recordWork(work) }
        do {
            try await send()
        } catch {
            logger.error("\(what): \(error)")
            try await rollback()
            throw Fault(.unavailable, message)
        }
    }
}
