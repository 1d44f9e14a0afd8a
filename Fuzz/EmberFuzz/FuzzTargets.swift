import Foundation
import HummingbirdCore

@testable import EmberAPI
@testable import EmberIdentity
@testable import EmberModel

/// The request parsers a hostile caller reaches, each fed arbitrary bytes: what the server runs on
/// a query string, a body, a header (and the dashboard's form bodies), a token or a policy check string. A parser may refuse its input
/// (that is a 4xx); it may not trap. `EMBER_FUZZ_TARGET` picks one per run.
enum FuzzTarget: String, CaseIterable {
    case query, body, header, token, policy

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["EMBER_FUZZ_TARGET"] ?? "query"
        guard let target = FuzzTarget(rawValue: name) else { fatalError("EMBER_FUZZ_TARGET must be one of \(allCases.map(\.rawValue))") }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .query: Self.query(text)
        case .body: Self.body(Data(bytes))
        case .header: Self.header(text)
        case .token: Self.token(text)
        case .policy: Self.policy(text)
        }
    }

    static let member = CallContext(requestID: "req-fuzz", userID: "u", projectID: "p", roles: ["member"])
    static let admin = CallContext(requestID: "req-fuzz", userID: "a", projectID: "p", roles: ["admin"])
    static let versions: [APIVersion] = [.minimum, .maximum, APIVersion(3, 30)]
    static let volumes: [Volume] = (0..<3).map { index in
        Volume(
            projectID: "p", userID: "u", name: "v\(index)", description: nil, sizeGB: index + 1, status: .available,
            availabilityZone: "nova", volumeTypeID: UUID(), metadata: ["k": "\(index)"])
    }

    /// Listing parameters of volumes and snapshots: sort, filters, limit, marker, time filters.
    static func query(_ text: String) {
        let parameters = URI("/v3/p/volumes?" + text).cinderQuery
        for version in versions {
            for caller in [member, admin] {
                if let listing = try? VolumeListing(query: parameters, caller: caller, version: version) {
                    _ = try? listing.listing.apply(to: volumes)
                }
            }
            _ = try? Listing(parameters, version: version, sortable: SnapshotRoutes.sortable, filterable: SnapshotRoutes.filterable)
        }
        for field in TimeFilter.fields { _ = try? TimeFilter(field: field, value: text) }
        _ = try? Listing.metadata(text)
    }

    /// Every write body: volumes, snapshots, types, quotas, metadata, actions, logins.
    static func body(_ bytes: Data) {
        guard let top = try? EmberAPI.RequestBody.topObject(bytes) else { return }
        if let volume = try? EmberAPI.RequestBody.object(top, required: "volume", allowed: ["OS-SCH-HNT:scheduler_hints"]) {
            _ = try? VolumeCreateRequest(volume)
            _ = try? VolumeUpdateRequest(volume)
        }
        if let snapshot = try? EmberAPI.RequestBody.object(top, required: "snapshot") {
            _ = try? SnapshotCreateRequest(snapshot)
            _ = try? SnapshotUpdateRequest(snapshot)
        }
        if let type = try? EmberAPI.RequestBody.object(top, required: "volume_type") {
            _ = try? VolumeTypeRequest(type, creating: true)
            _ = try? VolumeTypeRequest(type, creating: false)
        }
        if let quotas = top["quota_set"]?.objectValue {
            for (key, value) in quotas { _ = try? QuotaRoutes.limit(key, value) }
        }
        for key in ["metadata", "meta", "extra_specs"] { _ = try? FieldError.metadata(top, key) }
        if let action = try? VolumeAction.parse(top, allowed: VolumeActionRoutes.actions.union(LegacyAttachActions.names)) {
            _ = try? action.status(VolumeStatus.self, allowed: Set(VolumeStatus.allCases))
            _ = try? action.flag("readonly")
            _ = try? FieldError.positiveInteger(action.arguments, "new_size")
        }
        if let auth = try? EmberAPI.RequestBody.object(top, required: "auth") { _ = try? AuthRequestReader.parse(auth) }
    }

    /// The microversion header and noauth's token and roles.
    static func header(_ text: String) {
        _ = try? APIVersion.negotiate(header: text)
        _ = try? APIVersion.parse(text)
        _ = NoAuthMiddleware.caller(token: text, roles: text, requestID: "req-fuzz")
        _ = NoAuthMiddleware.caller(token: text, roles: nil, requestID: "req-fuzz")
        // The dashboard's form bodies and the Referer it may send a refused form back to.
        let form = DashboardForm(fields: DashboardForm.parse(text))
        _ = try? Dashboard.integer(form, "size")
        _ = Dashboard.localPath(text)
    }

    static let keys: TokenKeyRing = {
        let directory = NSTemporaryDirectory() + "ember-fuzz-keys-\(getpid())"
        do { return try TokenKeyRing(directory: directory) } catch { fatalError("no token key ring: \(error)") }
    }()

    /// Tokens as a client presents them, and the ids in paths.
    static func token(_ text: String) {
        _ = TokenCodec(keys: keys).open(text)
        _ = Base64URL.decode(text)
        _ = UUID(key: text)
    }

    /// oslo.policy check strings, parsed and evaluated.
    static func policy(_ text: String) {
        guard let policy = try? Policy(overrides: ["fuzzed": text, "rule_a": text]) else { return }
        _ = policy.allows("fuzzed", caller: member)
        _ = policy.allows("fuzzed", caller: admin, targetProject: "q")
    }
}
