/// Who is asking, and under which request id: Cinder's request context.
///
/// It travels with every RPC message, so a scheduler or volume service logs the same request id
/// as the API that took the request.
public struct CallContext: Codable, Sendable, Equatable {
    public var requestID: String
    public var userID: String
    public var projectID: String
    public var roles: [String]

    public init(requestID: String, userID: String, projectID: String, roles: [String]) {
        self.requestID = requestID
        self.userID = userID
        self.projectID = projectID
        self.roles = roles
    }

    public var isAdmin: Bool { roles.contains("admin") }

    /// The context of work a service starts on its own (recovery, periodic reports).
    public static func service(_ name: String, requestID: String) -> CallContext {
        CallContext(requestID: requestID, userID: name, projectID: name, roles: ["admin"])
    }
}
