/// Who is asking, and under which request id: Cinder's request context.
///
/// It travels with every RPC message, so a scheduler or volume service logs the same request id
/// as the API that took the request.
package struct CallContext: Codable, Sendable, Equatable {
    package var requestID: String
    package var userID: String
    package var projectID: String
    package var roles: [String]
    /// `all` for a system-scoped caller (Keystone's system scope), who acts on any project the URL
    /// names; policy checks it as `system_scope:all`. nil for a project-scoped one.
    package var systemScope: String?

    package init(requestID: String, userID: String, projectID: String, roles: [String], systemScope: String? = nil) {
        self.requestID = requestID
        self.userID = userID
        self.projectID = projectID
        self.roles = roles
        self.systemScope = systemScope
    }

    package var isAdmin: Bool { roles.contains("admin") }

    /// The context of work a service starts on its own (recovery, periodic reports).
    package static func service(_ name: String, requestID: String) -> CallContext {
        CallContext(requestID: requestID, userID: name, projectID: name, roles: ["admin"])
    }
}
