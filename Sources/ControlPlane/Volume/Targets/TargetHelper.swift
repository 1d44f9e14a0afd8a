package import EmberModel
package import EmberRPC
package import Foundation

/// What to export: one volume's backing store, behind its CHAP account, to some initiators.
package struct ExportRequest: Sendable {
    package var volumeID: UUID
    package var path: String
    package var isBlockDevice: Bool
    package var credentials: ChapCredentials
    /// Initiator IQNs allowed in; empty allows any initiator that knows the account.
    package var initiators: [String]

    package init(volumeID: UUID, path: String, isBlockDevice: Bool, credentials: ChapCredentials, initiators: [String]) {
        self.volumeID = volumeID
        self.path = path
        self.isBlockDevice = isBlockDevice
        self.credentials = credentials
        self.initiators = initiators
    }
}

/// A storage target the volume service exports volumes through (Cinder's target helpers).
///
/// Both operations are idempotent: exporting what is exported returns the same export, removing what
/// is gone succeeds, so a redelivered message or a restart never fails on its own leftovers.
package protocol TargetHelper: Sendable {
    /// `HOST:PORT` initiators connect to.
    var portal: String { get }
    func iqn(of volumeID: UUID) -> String
    func createExport(_ request: ExportRequest) async throws -> Export
    func removeExport(volumeID: UUID, username: String?) async throws
    /// The volumes exported now.
    func exportedVolumes() async throws -> Set<UUID>
}
