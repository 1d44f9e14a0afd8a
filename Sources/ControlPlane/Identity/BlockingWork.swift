import Foundation

/// Work that blocks a thread (a slow KDF, a synchronous libldap call) runs on a dispatch thread, so
/// the two-core cooperative pool keeps serving requests meanwhile.
enum BlockingWork {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result(catching: body)) }
        }
    }
}
