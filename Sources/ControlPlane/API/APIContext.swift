public import EmberIdentity
public import EmberModel
public import Hummingbird
import Logging

/// Per-request state the middlewares fill in for the routes: who is calling, and in which microversion.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the auth middleware on every authenticated route.
    public var caller: CallContext?
    /// The validated Keystone token, when the server runs with identity.
    public var token: ValidatedToken?
    public var requestID: String = ""
    public var version: APIVersion = .minimum
    /// Set by the auth middleware: the rules routes authorize their actions with.
    public var policy: Policy = .standard

    /// The client's IP address, for throttling failed logins; nil when the transport has none.
    public var remoteAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller, or 401 for a route reached without authentication.
    public func requireCaller() throws -> CallContext {
        guard let caller else { throw Fault(.unauthorized, "The request you have made requires authentication.") }
        return caller
    }
}
