package import EmberIdentity
package import EmberModel
package import Hummingbird
import Logging

/// Per-request state the middlewares fill in for the routes: who is calling, and in which microversion.
package struct APIContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// Set by the auth middleware on every authenticated route.
    package var caller: CallContext?
    /// The validated Keystone token, when the server runs with identity.
    package var token: ValidatedToken?
    package var requestID: String = ""
    package var version: APIVersion = .minimum
    /// Set by the auth middleware: the rules routes authorize their actions with.
    package var policy: Policy = .standard

    /// The client's IP address, for throttling failed logins; nil when the transport has none.
    package var remoteAddress: String?

    package init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller, or 401 for a route reached without authentication.
    package func requireCaller() throws -> CallContext {
        guard let caller else { throw Fault(.unauthorized, "The request you have made requires authentication.") }
        return caller
    }
}
