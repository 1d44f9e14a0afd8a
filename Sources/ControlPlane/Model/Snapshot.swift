public import Foundation

/// The statuses of a snapshot, as Cinder spells them.
public enum SnapshotStatus: String, Codable, Sendable, CaseIterable {
    case creating
    case available
    case deleting
    case error
    case errorDeleting = "error_deleting"
    /// Being copied back onto its volume (`revert`, 3.40).
    case restoring
    /// A soft-deleted row, never shown by the API.
    case deleted

    /// Statuses from which a user may ask for a delete (Cinder's list).
    public static let deletable: Set<SnapshotStatus> = [.available, .error]
    /// Statuses a volume may be created from.
    public static let readable: Set<SnapshotStatus> = [.available]
    /// Statuses an admin may set with `os-reset_status`.
    public static let resettable: Set<SnapshotStatus> = Set(allCases).subtracting([.deleted])
}

/// A point-in-time copy of a volume, held by the volume's host: one row of the `snapshots` table.
public struct Snapshot: Sendable, Equatable {
    public var id: UUID
    public var projectID: String
    public var userID: String
    public var volumeID: UUID
    public var name: String?
    public var description: String?
    public var sizeGB: Int
    public var status: SnapshotStatus
    public var metadata: [String: String]
    public var createdAt: Date
    public var updatedAt: Date?

    public init(
        id: UUID = UUID(), projectID: String, userID: String, volumeID: UUID, name: String?, description: String?,
        sizeGB: Int, status: SnapshotStatus = .creating, metadata: [String: String] = [:], createdAt: Date = Date(),
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.projectID = projectID
        self.userID = userID
        self.volumeID = volumeID
        self.name = name
        self.description = description
        self.sizeGB = sizeGB
        self.status = status
        self.metadata = metadata
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Which snapshots a listing returns.
public struct SnapshotQuery: Sendable {
    /// nil lists every project's snapshots (an admin's `all_tenants`).
    public var projectID: String?
    public var volumeID: UUID?
    public var status: SnapshotStatus?

    public init(projectID: String?, volumeID: UUID? = nil, status: SnapshotStatus? = nil) {
        self.projectID = projectID
        self.volumeID = volumeID
        self.status = status
    }
}
