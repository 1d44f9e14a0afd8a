package import Foundation

/// What asynchronous work that failed tells the volume's owner (`/messages`, 3.3): Cinder's
/// resource, action and detail codes, so `event_id` and `user_message` read as Cinder's do.
package struct MessageEvent: Sendable, Equatable {
    package var resourceType: String
    package var actionID: String
    package var action: String
    package var detailID: String
    package var detail: String

    package init(resourceType: String, actionID: String, action: String, detailID: String, detail: String) {
        self.resourceType = resourceType
        self.actionID = actionID
        self.action = action
        self.detailID = detailID
        self.detail = detail
    }

    /// The scheduler found no backend for a new volume.
    package static let noValidBackend = MessageEvent(
        resourceType: "VOLUME", actionID: "001", action: "schedule allocate volume", detailID: "003",
        detail: "Could not find any available weighted backend.")
    /// The volume service could not make a volume (an empty one or a copy).
    package static let createFailed = MessageEvent(
        resourceType: "VOLUME", actionID: "008", action: "create volume from backend storage", detailID: "012",
        detail: "Driver failed to create the volume.")
    package static let extendFailed = MessageEvent(
        resourceType: "VOLUME", actionID: "007", action: "extend volume", detailID: "010", detail: "Volume Driver failed to extend volume.")
    package static let snapshotCreateFailed = MessageEvent(
        resourceType: "VOLUME_SNAPSHOT", actionID: "009", action: "create snapshot", detailID: "013", detail: "Snapshot failed to create.")
    package static let snapshotDeleteFailed = MessageEvent(
        resourceType: "VOLUME_SNAPSHOT", actionID: "010", action: "delete snapshot", detailID: "016", detail: "Snapshot failed to delete.")

    /// Cinder's `VOLUME_<resource>_<action>_<detail>`.
    package var eventID: String { "VOLUME_\(resourceType)_\(actionID)_\(detailID)" }
    package var userMessage: String { "\(action): \(detail)" }
}

/// One user message: an event about one resource of a project, kept for `ttl` (Cinder's
/// `message_ttl`, 30 days).
package struct UserMessage: Sendable, Equatable {
    package static let ttl: TimeInterval = 2_592_000

    package var id: UUID
    package var projectID: String
    package var requestID: String
    package var resourceUUID: UUID?
    package var event: MessageEvent
    package var level: String
    package var createdAt: Date
    package var expiresAt: Date

    package init(
        id: UUID = UUID.random(), projectID: String, requestID: String, resourceUUID: UUID?, event: MessageEvent, level: String = "ERROR",
        createdAt: Date = Date()
    ) {
        self.id = id
        self.projectID = projectID
        self.requestID = requestID
        self.resourceUUID = resourceUUID
        self.event = event
        self.level = level
        self.createdAt = createdAt
        self.expiresAt = createdAt.addingTimeInterval(Self.ttl)
    }
}
