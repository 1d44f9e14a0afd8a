import EmberMetrics
package import EmberModel
package import EmberStore
package import Foundation
import Synchronization

/// The Auth Manager: checks credentials against the domain's backend, issues sealed tokens, validates
/// them in-process for the API (with a short cache), and keeps projects, users, roles and grants.
///
/// A token stays valid only while its user exists and is enabled, its project is enabled, the user
/// still holds a role there, and nobody revoked it. Every change made through this service drops the
/// validation cache at once; changes made by another process show after at most `cacheLifetime`.
package final class IdentityService: Sendable {
    package struct Configuration: Sendable {
        package var tokenLifetime: TimeInterval
        package var cacheLifetime: TimeInterval
        package var loginLimits: LoginThrottle.Limits
        /// Password checks at once (half the cores, at least one) and checks waiting beyond them.
        package var passwordCheckSlots: Int
        package var passwordCheckQueue: Int

        package static let defaultPasswordCheckSlots = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
        package static let defaultPasswordCheckQueue = 32

        package init(
            tokenLifetime: TimeInterval = 3600, cacheLifetime: TimeInterval = 10, loginLimits: LoginThrottle.Limits = .init(),
            passwordCheckSlots: Int = defaultPasswordCheckSlots, passwordCheckQueue: Int = defaultPasswordCheckQueue
        ) {
            self.tokenLifetime = tokenLifetime
            self.cacheLifetime = cacheLifetime
            self.loginLimits = loginLimits
            self.passwordCheckSlots = passwordCheckSlots
            self.passwordCheckQueue = passwordCheckQueue
        }
    }

    private struct Cached {
        var token: ValidatedToken
        var cachedAt: Date
        var generation: Int
        var keyVersion: Int
    }

    package let store: any IdentityStore
    let backends: [any IdentityBackend]
    let codec: TokenCodec
    let configuration: Configuration
    let hasher = PasswordHasher()
    private let cache = Mutex<[String: Cached]>([:])
    private let generation = Atomic<Int>(0)
    private let passwordChecks: AdmissionGate
    private let throttle: Mutex<LoginThrottle>

    /// `backends` must include the database backend of the `default` domain.
    package init(store: any IdentityStore, backends: [any IdentityBackend], keys: TokenKeyRing, configuration: Configuration = .init()) {
        self.store = store
        self.backends = backends
        codec = TokenCodec(keys: keys)
        self.configuration = configuration
        passwordChecks = AdmissionGate(slots: configuration.passwordCheckSlots, queueLimit: configuration.passwordCheckQueue)
        throttle = Mutex(LoginThrottle(limits: configuration.loginLimits))
    }

    package var domains: [IdentityDomain] { backends.map(\.domain) }

    // MARK: Tokens

    /// Checks the credentials and issues a token for the requested scope (unauthorized when anything fails;
    /// too many requests when `address` has failed too often or too many checks are waiting).
    package func issue(_ request: AuthRequest, from address: String? = nil) async throws -> ValidatedToken {
        let started = ContinuousClock.now
        let (user, backend, inherited): (IdentityUser, any IdentityBackend, TokenPayload?)
        do {
            (user, backend, inherited) = try await authenticate(request.method, from: address)
        } catch let fault as Fault where [.unauthorized, .tooManyRequests].contains(fault.kind) {
            // A refused login answers no sooner than the failure delay (sleeping costs no core), so a
            // client looping on wrong passwords makes at most one attempt a delay.
            try? await Task.sleep(until: started + .milliseconds(Int(configuration.loginLimits.failureDelay * 1000)), clock: .continuous)
            throw fault
        }
        let project = request.system ? nil : try await scopeProject(request.scope, user: user)
        var roles: [Role] = []
        if let project {
            roles = try await self.roles(of: user, backend: backend, on: project.id)
            guard !roles.isEmpty else { throw Self.unauthorized("User \(user.id) has no access to project \(project.id).") }
        } else if request.system {
            roles = try await self.roles(of: user, backend: backend, on: RoleAssignment.system)
            guard !roles.isEmpty else { throw Self.unauthorized("User \(user.id) has no access to the system.") }
        }
        // Milliseconds: a revocation event kills the tokens issued up to its instant, and a token issued
        // just after it (a login with the new password) must survive.
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        var payload = TokenPayload(
            userID: user.id, domainID: user.domainID, projectID: project?.id, methods: ["password"], issuedAt: now,
            expiresAt: now.addingTimeInterval(configuration.tokenLifetime), auditIDs: [Base64URL.random()])
        if request.system { payload.system = true }
        if let inherited {
            payload.methods = ["token"]
            payload.expiresAt = inherited.expiresAt
            payload.auditIDs.append(inherited.auditIDs[0])
        }
        let token = try codec.seal(payload)
        return ValidatedToken(token: token, payload: payload, user: user, domain: backend.domain, project: project, roles: roles)
    }

    /// The token's current meaning, or nil when it is not (or no longer) valid.
    package func validate(_ token: String) async throws -> ValidatedToken? {
        let now = Date()
        // A change through this service, or new keys on disk, makes every cached validation stale.
        let current = generation.load(ordering: .acquiring)
        let keyVersion = try codec.keys.version()
        if let hit = cache.withLock({ $0[token] }), hit.generation == current, hit.keyVersion == keyVersion,
            now.timeIntervalSince(hit.cachedAt) < configuration.cacheLifetime, hit.token.payload.expiresAt > now
        {
            return hit.token
        }
        guard let validated = try await check(token, now: now) else { return nil }
        cache.withLock { entries in
            if entries.count >= 10_000 { entries.removeAll() }
            entries[token] = Cached(token: validated, cachedAt: now, generation: current, keyVersion: keyVersion)
        }
        return validated
    }

    /// Revokes the token (and every token rescoped from it). False when it was not valid anyway.
    package func revoke(_ token: String) async throws -> Bool {
        guard let payload = codec.open(token), payload.expiresAt > Date() else { return false }
        try await store.revokeTokens(auditID: payload.auditIDs[0], expiresAt: payload.expiresAt)
        changed()
        return true
    }

    private func check(_ token: String, now: Date) async throws -> ValidatedToken? {
        guard let payload = codec.open(token), payload.expiresAt > now, !payload.auditIDs.isEmpty,
            try await !store.isRevoked(payload),
            let backend = backends.first(where: { $0.domain.id == payload.domainID }),
            let user = try await backend.user(id: payload.userID), user.enabled
        else { return nil }
        if payload.system == true {
            let roles = try await roles(of: user, backend: backend, on: RoleAssignment.system)
            guard !roles.isEmpty else { return nil }
            return ValidatedToken(token: token, payload: payload, user: user, domain: backend.domain, project: nil, roles: roles)
        }
        guard let projectID = payload.projectID else {
            return ValidatedToken(token: token, payload: payload, user: user, domain: backend.domain, project: nil, roles: [])
        }
        guard let project = try await store.project(id: projectID), project.enabled else { return nil }
        let roles = try await roles(of: user, backend: backend, on: project.id)
        guard !roles.isEmpty else { return nil }
        return ValidatedToken(token: token, payload: payload, user: user, domain: backend.domain, project: project, roles: roles)
    }

    private func authenticate(_ method: AuthRequest.Method, from address: String?) async throws -> (IdentityUser, any IdentityBackend, TokenPayload?) {
        switch method {
        case .password(let reference, let password):
            let backend = try backend(reference.domain, userID: reference.id)
            var name = reference.name
            if name == nil, let id = reference.id { name = try await backend.user(id: id)?.name }
            let account = "\(backend.domain.id)/\(name ?? reference.id ?? "")"
            do { try throttle.withLock { try $0.admit(user: account, address: address, now: Date()) } } catch {
                EmberMetric.loginFailures.increment("throttled")
                throw error
            }
            let found = try await passwordChecks.run { () async throws -> IdentityUser? in
                guard let name else { return nil }
                return try await backend.authenticate(name: name, password: password)
            }
            guard let user = found, reference.id == nil || reference.id == user.id else {
                throttle.withLock { $0.failed(user: account, address: address, now: Date()) }
                EmberMetric.loginFailures.increment("wrong_credentials")
                throw Self.unauthorized()
            }
            throttle.withLock { $0.succeeded(user: account) }
            guard user.enabled else {
                EmberMetric.loginFailures.increment("disabled")
                throw Self.unauthorized("The account is disabled for user: \(user.id).")
            }
            return (user, backend, nil)
        case .token(let token):
            guard let existing = try await validate(token) else { throw Self.unauthorized() }
            let backend = try backend(DomainReference(id: existing.domain.id), userID: nil)
            return (existing.user, backend, existing.payload)
        }
    }

    /// The backend of a domain reference; with no domain, the one that has the user id (the database first).
    private func backend(_ reference: DomainReference?, userID: String?) throws -> any IdentityBackend {
        guard let reference else { return backends[0] }
        guard let backend = backends.first(where: { $0.domain.id == reference.id || $0.domain.name == reference.name }) else {
            throw Self.unauthorized("Could not find domain: \(reference.id ?? reference.name ?? "").")
        }
        return backend
    }

    private func scopeProject(_ reference: ProjectReference?, user: IdentityUser) async throws -> Project? {
        guard let reference else {
            guard let id = user.defaultProjectID else { return nil }
            return try await store.project(id: id).flatMap { $0.enabled ? $0 : nil }
        }
        guard let project = try await findProject(reference), project.enabled else {
            throw Self.unauthorized("Could not find project: \(reference.id ?? reference.name ?? "").")
        }
        return project
    }

    func findProject(_ reference: ProjectReference) async throws -> Project? {
        if let id = reference.id { return try await store.project(id: id) }
        guard let name = reference.name else { return nil }
        let domainID = reference.domain?.id ?? backends.first(where: { $0.domain.name == reference.domain?.name })?.domain.id ?? IdentityDomain.default.id
        return try await store.projects(name: name, domainID: domainID).first
    }

    /// Effective roles (implied ones added) of the user and the user's groups on the project (or on
    /// the system: `RoleAssignment.system`).
    func roles(of user: IdentityUser, backend: any IdentityBackend, on projectID: String) async throws -> [Role] {
        let groups = try await backend.groupIDs(of: user).map(RoleActor.group)
        let names = Role.effective(try await store.roleNames(of: [.user(user.id)] + groups, projectID: projectID))
        guard !names.isEmpty else { return [] }
        return try await store.roles(name: nil).filter { names.contains($0.name) }
    }

    /// Drops every cached validation: called after any change that may invalidate a token.
    func changed() {
        generation.add(1, ordering: .releasing)
    }

    static func unauthorized(_ message: String = "The request you have made requires authentication.") -> Fault {
        Fault(.unauthorized, message)
    }
}

/// A token and what it means now: who, in which project, with which roles.
package struct ValidatedToken: Sendable {
    package var token: String
    package var payload: TokenPayload
    package var user: IdentityUser
    package var domain: IdentityDomain
    package var project: Project?
    package var roles: [Role]

    /// Whether the token is scoped to the system.
    package var isSystem: Bool { payload.system == true }

    /// The request context the Cinder API works with; nil for an unscoped token. A system-scoped one
    /// has no project of its own (`ProjectScope` gives it the URL's).
    package func callContext(requestID: String) -> CallContext? {
        if isSystem { return CallContext(requestID: requestID, userID: user.id, projectID: "", roles: roles.map(\.name), systemScope: "all") }
        guard let project else { return nil }
        return CallContext(requestID: requestID, userID: user.id, projectID: project.id, roles: roles.map(\.name))
    }
}
