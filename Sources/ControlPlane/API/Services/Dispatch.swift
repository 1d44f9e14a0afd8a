import EmberModel
import Logging

/// What the service layer does after each write that a service must finish: send the cast, and if
/// the bus does not take it, undo or mark the write and tell the caller the service is unavailable.
/// One place for the rule, so no write is left waiting for a message that was never sent.
struct Dispatch {
    let logger: Logger

    /// Runs `send`; when it throws, runs `rollback`, logs why, and throws an `unavailable` fault.
    func send(
        _ what: String, _ send: () async throws -> Void, rollback: () async throws -> Void, unavailable message: String
    ) async throws {
        do {
            try await send()
        } catch {
            logger.error("\(what): \(error)")
            try await rollback()
            throw Fault(.unavailable, message)
        }
    }
}
