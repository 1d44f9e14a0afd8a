import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@testable import EmberAPI
@testable import EmberBus
@testable import EmberModel
@testable import EmberSQLStore
@testable import EmberSQLite
@testable import EmberScheduler
@testable import EmberVolume

/// Counts the calls a driver passes on to the real one, so a test can tell how often a backing store
/// was really created or removed.
actor CallCounter {
    private(set) var creates = 0
    private(set) var deletes = 0
    private(set) var snapshotDeletes = 0
    func created() { creates += 1 }
    func deleted() { deletes += 1 }
    func snapshotDeleted() { snapshotDeletes += 1 }
}

struct CountingDriver: VolumeDriver {
    let wrapped: FileDriver
    let counter = CallCounter()

    var backendName: String { wrapped.backendName }
    func checkSetup() throws { try wrapped.checkSetup() }
    func createVolume(id: UUID, sizeGB: Int) async throws {
        await counter.created()
        try await wrapped.createVolume(id: id, sizeGB: sizeGB)
    }
    func deleteVolume(id: UUID) async throws {
        await counter.deleted()
        try await wrapped.deleteVolume(id: id)
    }
    func createVolume(id: UUID, sizeGB: Int, from source: VolumeSource) async throws {
        await counter.created()
        try await wrapped.createVolume(id: id, sizeGB: sizeGB, from: source)
    }
    func extendVolume(id: UUID, sizeGB: Int) async throws { try await wrapped.extendVolume(id: id, sizeGB: sizeGB) }
    func revertVolume(id: UUID, toSnapshot snapshotID: UUID) async throws {
        try await wrapped.revertVolume(id: id, toSnapshot: snapshotID)
    }
    func createSnapshot(id: UUID, volumeID: UUID) async throws { try await wrapped.createSnapshot(id: id, volumeID: volumeID) }
    func deleteSnapshot(id: UUID) async throws {
        await counter.snapshotDeleted()
        try await wrapped.deleteSnapshot(id: id)
    }
    func existingVolumes() throws -> Set<UUID> { try wrapped.existingVolumes() }
    func exportPath(of id: UUID) async throws -> (path: String, isBlockDevice: Bool) { try await wrapped.exportPath(of: id) }
    func existingSnapshots() throws -> Set<UUID> { try wrapped.existingSnapshots() }
    func capacity() throws -> BackendCapacity { try wrapped.capacity() }
    func manageableSize(of name: String) async throws -> Int { try await wrapped.manageableSize(of: name) }
    func adopt(_ name: String, as store: BackingStore, sizeGB: Int?) async throws { try await wrapped.adopt(name, as: store, sizeGB: sizeGB) }
    func release(_ store: BackingStore, as name: String) async throws { try await wrapped.release(store, as: name) }
}

/// A whole Ember control plane in the test process: the suite's store engine (SQLite in a temporary
/// directory unless `EMBER_TEST_STORE` says otherwise), the in-process
/// bus, a running scheduler and a running file-backed volume service (reporting, and so heartbeating,
/// every 10 s as in production: the scheduler passes over a host silent for 60 s), and the API's router.
struct TestCluster {
    /// The store's directory and connections, kept while the cluster runs.
    let holder: StoreHolder
    var directory: TemporaryDirectory { holder.directory }
    let store: SQLStore
    let bus: InProcessBus
    let driver: CountingDriver
    let scheduler: SchedulerService

    /// The API, with a fixed-key manager (as `--fixed-key-file` gives one) for encrypted volumes.
    var api: CinderAPI { CinderAPI(store: store, bus: bus, keyManager: FixedKeyManager(hex: String(repeating: "ab", count: 32))) }

    /// Runs `body` against a started cluster, then shuts it down gracefully.
    /// `seed` fills the store before any service starts (state a previous run left behind).
    /// Project `p1` has no quota limits, so tests of other things are not stopped by Cinder's defaults;
    /// quota tests use other projects.
    static func run<T: Sendable>(
        on engine: StoreImplementation = .suite,
        seed: @Sendable (SQLStore) async throws -> Void = { _ in },
        _ body: @Sendable (TestCluster) async throws -> T
    ) async throws -> T {
        let (store, holder) = try await engine.open("ember-cluster")
        let directory = holder.directory
        try await store.migrate()
        try await store.setQuotaLimits(project: "p1", [.volumes: -1, .gigabytes: -1, .snapshots: -1])
        try await seed(store)
        let bus = InProcessBus()
        var logger = Logger(label: "ember-test")
        logger.logLevel = .warning
        let driver = CountingDriver(wrapped: FileDriver(directory: directory.path + "/volumes"))
        try await driver.checkSetup()
        let scheduler = SchedulerService(hostName: "test@file", store: store, bus: bus, logger: logger)
        let volume = VolumeService(
            manager: VolumeManager(configuration: .init(host: "test@file"), store: store, driver: driver, logger: logger),
            store: store, bus: bus, reportInterval: .seconds(10), logger: logger)
        let cluster = TestCluster(holder: holder, store: store, bus: bus, driver: driver, scheduler: scheduler)
        let group = ServiceGroup(services: [volume, scheduler], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // A bound for a failure, not a figure: a loaded CI machine (both test workers, PostgreSQL and
            // RabbitMQ busy) once took over 10 s to start a volume service that recovers work first.
            guard await scheduler.hosts.waitForFirstReport(timeout: .seconds(30)) else {
                await group.triggerGracefulShutdown()
                throw Fault(.internalError, "the test cluster's volume service never reported")
            }
            let result: Result<T, any Error>
            do { result = .success(try await body(cluster)) } catch { result = .failure(error) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    /// Polls the store until the volume reaches `status` (or is gone, for `.deleted`), up to `timeout`.
    /// A bound for a failure, not a figure: suites that start a hundred creates at once pass a longer
    /// one, since a debug build on a machine's two cooperative threads, shared with every test running
    /// beside them, takes seconds to drain them all.
    func waitFor(_ id: UUID, _ status: VolumeStatus, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last: Volume?
        while ContinuousClock.now < deadline {
            last = try await store.volume(id: id)
            if (last?.status ?? .deleted) == status { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        let seen = last?.status ?? .deleted
        Issue.record("volume \(id.key) did not reach \(status.rawValue): \(seen.rawValue), host \(last?.host ?? "none")")
    }

    /// Polls the store until the snapshot reaches `status` (or is gone, for `.deleted`), up to 10 s.
    func waitFor(snapshot id: UUID, _ status: SnapshotStatus) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if (try await store.snapshot(id: id)?.status ?? .deleted) == status { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("snapshot \(id.key) did not reach \(status.rawValue)")
    }
}

/// Requests against the router, as project `p1` unless told otherwise.
extension TestClientProtocol {
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String? = "u1:p1",
        roles: String? = nil, version: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[HTTPField.Name("X-Auth-Token")!] = token }
        if let roles { headers[HTTPField.Name("X-Roles")!] = roles }
        if let version { headers[HTTPField.Name("OpenStack-API-Version")!] = version }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Creates a volume and returns its id.
    /// The project is the noauth token's, unless given (a Keystone token names none).
    func createVolume(size: Int = 1, name: String = "v", token: String = "u1:p1", project: String? = nil) async throws -> UUID {
        let project = project ?? token.split(separator: ":").last.map(String.init) ?? token
        let response = try await send(.post, "/v3/\(project)/volumes", json: #"{"volume": {"size": \#(size), "name": "\#(name)"}}"#, token: token)
        #expect(response.status == .accepted)
        let id = try #require(response.json["volume"]?["id"]?.stringValue)
        return try #require(UUID(uuidString: id))
    }
}

extension TestResponse {
    var json: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))) ?? .null
    }

    /// The fault body's name and message, if this is a fault.
    var fault: (name: String, code: Int, message: String)? {
        guard case .object(let object) = json, object.count == 1, let (name, inner) = object.pairs.first,
            case .int(let code)? = inner["code"], let message = inner["message"]?.stringValue
        else { return nil }
        return (name, code, message)
    }
}

extension SQLStore {
    /// A 1 GiB volume of project `p` already placed on `host` with `status`: the state a crash leaves.
    func placedVolume(host: String, _ status: VolumeStatus) async throws -> Volume {
        let volume = Volume(
            projectID: "p", userID: "u", name: nil, description: nil, sizeGB: 1, status: status,
            availabilityZone: "nova", volumeTypeID: try await defaultVolumeType().id, host: host)
        try await insertVolume(volume)
        return volume
    }
}
