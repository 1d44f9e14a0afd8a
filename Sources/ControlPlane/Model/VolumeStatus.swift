/// The statuses a volume passes through, spelled as Cinder spells them on the wire.
package enum VolumeStatus: String, Codable, Sendable, CaseIterable {
    case creating
    case available
    case deleting
    case error
    case errorDeleting = "error_deleting"
    case extending
    case errorExtending = "error_extending"
    /// Being rewritten with a snapshot's content (`revert`, 3.40).
    case reverting
    /// Offered to another project by a volume transfer, until it is accepted or withdrawn.
    case awaitingTransfer = "awaiting-transfer"
    // Attachment statuses (3.27): reserved → attaching → in-use → detaching → available.
    case reserved
    case attaching
    case inUse = "in-use"
    case detaching
    /// A soft-deleted row: kept for audit, never shown by the API.
    case deleted
}
