package import Foundation

/// Work a volume service must finish on one resource (Cinder's `workers` table): written before the
/// cast that asks for it, removed once the service has persisted the outcome. What a service left
/// when it died stays recorded, for its own restart or an admin's `POST /workers/cleanup` (3.24).
package struct WorkerRecord: Sendable, Equatable {
    /// What Cinder calls the cleanable resource types.
    package enum ResourceType: String, Sendable, CaseIterable, Codable {
        case volume = "Volume"
        case snapshot = "Snapshot"
    }

    package var resourceType: ResourceType
    package var resourceID: UUID
    /// The transitional status the work starts from: once the resource has left it, the record is stale.
    package var status: String
    /// The volume service (`host@backend`) that must finish it.
    package var host: String
    /// When it was recorded, by the database's clock.
    package var updatedAt: Date?

    package init(_ resourceType: ResourceType, _ resourceID: UUID, status: String, host: String, updatedAt: Date? = nil) {
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.status = status
        self.host = VolumeHost.backend(of: host)
        self.updatedAt = updatedAt
    }

    package static func volume(_ id: UUID, _ status: VolumeStatus, host: String) -> Self {
        Self(.volume, id, status: status.rawValue, host: host)
    }

    package static func snapshot(_ id: UUID, _ status: SnapshotStatus, host: String) -> Self {
        Self(.snapshot, id, status: status.rawValue, host: host)
    }
}

/// Which worker records to read: every field given must match.
package struct WorkerQuery: Sendable, Equatable, Codable {
    /// The volume service (`host@backend`) that must finish the work.
    package var host: String?
    package var resourceType: WorkerRecord.ResourceType?
    package var resourceID: UUID?

    package init(host: String? = nil, resourceType: WorkerRecord.ResourceType? = nil, resourceID: UUID? = nil) {
        self.host = host.map(VolumeHost.backend(of:))
        self.resourceType = resourceType
        self.resourceID = resourceID
    }
}
