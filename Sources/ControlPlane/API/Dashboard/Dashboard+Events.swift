import EmberIdentity
import EmberModel
import EmberStore
import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// `GET /dashboard/events`: server-sent events that keep an open page current without polling from the
/// browser or reloading. The server reads the project's volumes, snapshots and data operations every
/// `DashboardFeed.interval` and sends only what changed: a row's status, size or name, a row gone, an
/// operation's progress. The stream ends when its session does (checked on each read), when the
/// server shuts down, and after `lifetime`, when the browser's EventSource reconnects by itself.
extension Dashboard {
    static let lifetime: Duration = .seconds(300)
    static let keepAlive: Duration = .seconds(15)

    @Sendable func events(_ request: Request, _ context: APIContext) async throws -> Response {
        guard let session = try await DashboardSession.current(request, context, identity: identity) else {
            return Response(status: .unauthorized, headers: [.contentLength: "0"])
        }
        try context.policy.authorize("volume:get_all", caller: session.caller)
        let since = request.uri.queryParameters["since"].flatMap { Double(String($0)) }.map { Date(timeIntervalSince1970: $0 / 1000) }
        let feed = DashboardFeed(store: store, projectID: session.caller.projectID, since: since ?? Date())
        let (identity, token) = (self.identity, session.token.token)
        var headers = DashboardHTML.securityHeaders
        headers[.contentType] = "text/event-stream; charset=utf-8"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var feed = feed
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                let clock = ContinuousClock()
                let end = clock.now + Self.lifetime
                var lastWrite = clock.now
                // A graceful shutdown ends the stream at once: it would otherwise hold the server's
                // shutdown for the rest of its lifetime.
                while clock.now < end, !Task.isCancelled, !Task.isShuttingDownGracefully, try await identity.validate(token) != nil {
                    let events = try await feed.next()
                    if !events.isEmpty || clock.now - lastWrite > Self.keepAlive {
                        try await writer.write(ByteBuffer(string: events.isEmpty ? ": still here\n\n" : events))
                        lastWrite = clock.now
                    }
                    try await Task.sleep(for: DashboardFeed.interval)
                }
                try await writer.finish(nil)
            })
    }
}

/// One page's view of its project, as the event stream last sent it, and the events that bring the
/// page up to date. The first read sends what changed after the page was rendered (`since`) and the
/// ids of every live row, so that the page drops rows removed in between.
struct DashboardFeed: Sendable {
    static let interval: Duration = .milliseconds(250)

    struct Row: Equatable, Sendable {
        var status: String
        var size: Int
        var label: String

        /// A volume's or snapshot's row, with its id and when it last changed.
        static func of(_ id: UUID, _ status: String, _ size: Int, _ name: String?, updated: Date) -> (UUID, Row, Date) {
            (id, Row(status: status, size: size, label: Dashboard.label(name, id)), updated)
        }
    }

    let store: any Store
    let projectID: String
    let since: Date
    private var volumes: [UUID: Row]?
    private var snapshots: [UUID: Row]?
    private var operations: [UUID: DataOperation] = [:]

    init(store: any Store, projectID: String, since: Date) {
        self.store = store
        self.projectID = projectID
        // The store keeps times to the second: a row changed in the second the page was rendered in
        // may carry an earlier time than the page, so the first read looks a little further back
        // (a row sent twice is harmless).
        self.since = since.addingTimeInterval(-2)
    }

    /// The events since the last call, as `text/event-stream` text (empty when nothing changed).
    mutating func next() async throws -> String {
        async let volumeList = store.volumes(matching: VolumeQuery(projectID: projectID))
        async let snapshotList = store.snapshots(matching: SnapshotQuery(projectID: projectID))
        async let operationList = store.operations(projectID: projectID)
        let (newVolumes, newSnapshots, newOperations) = try await (volumeList, snapshotList, operationList)
        var text = ""
        let volumeRows = newVolumes.map { Row.of($0.id, $0.status.rawValue, $0.sizeGB, $0.name, updated: $0.updatedAt ?? $0.createdAt) }
        text += Self.diff("volume", &volumes, volumeRows, since: since)
        let snapshotRows = newSnapshots.map { Row.of($0.id, $0.status.rawValue, $0.sizeGB, $0.name, updated: $0.updatedAt ?? $0.createdAt) }
        text += Self.diff("snapshot", &snapshots, snapshotRows, since: since)
        for operation in newOperations where operations[operation.id] != operation {
            let known = operations[operation.id] != nil
            operations[operation.id] = operation
            guard known || operation.state == .running || (operation.finishedAt ?? .distantPast) > since else { continue }
            text += Self.event("operation", Self.view(operation))
        }
        return text
    }

    /// Events for the rows that are new, changed or gone since `known`; on the first call (`known` nil)
    /// only for those updated after `since`.
    private static func diff(_ kind: String, _ known: inout [UUID: Row]?, _ rows: [(UUID, Row, Date)], since: Date) -> String {
        var text = ""
        let previous = known
        var current: [UUID: Row] = [:]
        for (id, row, updated) in rows {
            current[id] = row
            let changed = previous.map { $0[id] != row } ?? (updated > since)
            if changed { text += event(kind, ["id": .string(id.key), "status": .string(row.status), "size": .int(row.size), "label": .string(row.label)]) }
        }
        if previous == nil {
            // The page may show rows gone since it was rendered: the first read names every live one.
            text += event("\(kind)-ids", .array(rows.map { .string($0.0.key) }))
        }
        for id in (previous ?? [:]).keys where current[id] == nil {
            text += event("\(kind)-removed", ["id": .string(id.key)])
        }
        known = current
        return text
    }

    static func view(_ operation: DataOperation) -> JSONValue {
        [
            "resource_id": .string(operation.resourceID.key), "kind": .string(operation.kind.rawValue), "state": .string(operation.state.rawValue),
            "percent": .int(operation.percentDone), "bytes_done": .int(operation.bytesDone), "bytes_total": .int(operation.bytesTotal),
            "bytes_per_second": .int(operation.bytesPerSecond), "seconds_left": operation.secondsLeft.map(JSONValue.double) ?? .null,
        ]
    }

    /// One event; JSON never holds a raw newline, so the data fits one `data:` line.
    static func event(_ name: String, _ data: JSONValue) -> String {
        "event: \(name)\ndata: \(String(decoding: JSONWriter.bytes(data), as: UTF8.self))\n\n"
    }
}
