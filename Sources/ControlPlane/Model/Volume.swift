import Foundation

/// A volume as the control plane knows it: one row of the `volumes` table.
public struct Volume: Sendable, Equatable {
    public var id: UUID
    public var projectID: String
    public var userID: String
    public var name: String?
    public var description: String?
    public var sizeGB: Int
    public var status: VolumeStatus
    public var availabilityZone: String
    public var volumeTypeID: UUID
    /// The volume service that holds it, once the scheduler has placed it.
    public var host: String?
    public var bootable: Bool
    public var multiattach: Bool
    public var metadata: [String: String]
    public var createdAt: Date
    public var updatedAt: Date?

    public init(
        id: UUID = UUID(), projectID: String, userID: String, name: String?, description: String?,
        sizeGB: Int, status: VolumeStatus = .creating, availabilityZone: String, volumeTypeID: UUID,
        host: String? = nil, bootable: Bool = false, multiattach: Bool = false,
        metadata: [String: String] = [:], createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.projectID = projectID
        self.userID = userID
        self.name = name
        self.description = description
        self.sizeGB = sizeGB
        self.status = status
        self.availabilityZone = availabilityZone
        self.volumeTypeID = volumeTypeID
        self.host = host
        self.bootable = bootable
        self.multiattach = multiattach
        self.metadata = metadata
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The user-editable fields of a volume; nil leaves a field as it is.
public struct VolumeUpdate: Sendable, Equatable {
    public var name: String??
    public var description: String??
    public var metadata: [String: String]?

    public init(name: String?? = nil, description: String?? = nil, metadata: [String: String]? = nil) {
        self.name = name
        self.description = description
        self.metadata = metadata
    }
}

/// Which volumes a listing returns.
public struct VolumeQuery: Sendable {
    /// nil lists every project's volumes (an admin's `all_tenants`).
    public var projectID: String?
    public var name: String?
    public var status: VolumeStatus?
    public var host: String?

    public init(projectID: String?, name: String? = nil, status: VolumeStatus? = nil, host: String? = nil) {
        self.projectID = projectID
        self.name = name
        self.status = status
        self.host = host
    }
}
