package import EmberModel
package import EmberRPC
import EmberStore
package import Foundation
import Logging

/// Exports: the volume service makes a volume reachable over iSCSI for an attachment, removes the
/// export when the last attachment goes, and re-creates its exports after a restart.
extension VolumeManager {
    package func initializeConnection(_ id: UUID, connector: Connector, mode: String, context: CallContext) async throws -> ConnectionInfo {
        let logger = logger.with(context)
        guard let targets else {
            throw Fault.badRequest("Volume host \(configuration.host) exports nothing: start it with --iscsi.")
        }
        guard let volume = try await store.volume(id: id), VolumeHost.name(volume.host ?? "", isOn: configuration.host) else {
            throw Fault.volumeNotFound(id.key)
        }
        let credentials: ChapCredentials
        if let saved = try await store.exportCredentials(volumeID: id) {
            credentials = saved
        } else {
            credentials = ChapCredentials.random()
            try await store.saveExportCredentials(volumeID: id, credentials)
        }
        do {
            let (path, isBlockDevice) = try await driver.exportPath(of: id)
            let export = try await targets.createExport(
                ExportRequest(
                    volumeID: id, path: path, isBlockDevice: isBlockDevice, credentials: credentials,
                    initiators: connector.initiator.map { [$0] } ?? []))
            logger.info("volume \(id.key) exported as \(export.iqn)")
            return ConnectionInfo(
                export: export, volumeID: id, credentials: credentials, accessMode: volume.readonly ? "ro" : mode,
                qosSpecs: try await qosSpecs(of: volume)?.frontEnd(sizeGB: volume.sizeGB), encrypted: volume.encryptionKeyID != nil)
        } catch {
            logger.error("export of volume \(id.key) failed: \(error)")
            throw Fault(.internalError, "Unable to export volume \(id.key); the volume service's log says why.")
        }
    }

    /// Removes the export (a target that already vanished is fine) and forgets its account.
    package func terminateConnection(_ id: UUID, context: CallContext) async throws {
        guard let targets else { return }
        let credentials = try await store.exportCredentials(volumeID: id)
        do {
            try await targets.removeExport(volumeID: id, username: credentials?.username)
        } catch {
            logger.with(context).error("removing the export of volume \(id.key) failed: \(error)")
            throw Fault(.internalError, "Unable to remove the export of volume \(id.key); the volume service's log says why.")
        }
        try await store.deleteExportCredentials(volumeID: id)
        logger.with(context).info("volume \(id.key) no longer exported")
    }

    /// Re-creates the exports the database records (tgtd keeps nothing across its restarts) and
    /// removes exports of this backend the database does not know.
    package func restoreExports(context: CallContext) async {
        guard let targets else { return }
        do {
            let recorded = try await store.exports(onHost: configuration.host)
            for (id, credentials) in recorded {
                let initiators = try await store.attachments(projectID: nil, volumeID: id)
                    .compactMap { $0.connector.flatMap { try? JSONDecoder().decode(Connector.self, from: Data($0.utf8)) }?.initiator }
                let (path, isBlockDevice) = try await driver.exportPath(of: id)
                _ = try await targets.createExport(
                    ExportRequest(
                        volumeID: id, path: path, isBlockDevice: isBlockDevice, credentials: credentials, initiators: initiators))
            }
            for orphan in try await targets.exportedVolumes().subtracting(recorded.keys) {
                logger.warning("removing export of volume \(orphan.key), which the database does not record")
                try await targets.removeExport(volumeID: orphan, username: nil)
            }
            logger.info("\(recorded.count) export(s) in place")
        } catch {
            logger.error("restoring exports failed: \(error)")
        }
    }
}
