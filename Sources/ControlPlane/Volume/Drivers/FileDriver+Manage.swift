import DataPath
package import EmberModel
import Foundation

/// Manage-existing on the file backend: a regular file in the volume directory, under a name outside
/// Ember's (`volume-…`, `snapshot-…`, `….partial`), is renamed to a volume's or snapshot's file; an
/// unmanage renames one back out, where recovery leaves it alone.
extension FileDriver {
    package func manageableSize(of name: String) async throws -> Int {
        let bytes = try externalFileSize(name)
        return max(1, Int((bytes + GiB.bytes - 1) / GiB.bytes))
    }

    package func adopt(_ name: String, as store: BackingStore, sizeGB: Int?) async throws {
        let target = path(of: store)
        if FileManager.default.fileExists(atPath: target), !FileManager.default.fileExists(atPath: directory + "/" + name) { return }
        _ = try externalFileSize(name)
        guard !FileManager.default.fileExists(atPath: target) else { throw Fault(.conflict, "\(target) exists already") }
        try SparseFile.rename(directory + "/" + name, to: target)
        if let sizeGB { try SparseFile.grow(at: target, to: UInt64(sizeGB) * GiB.bytes) }
    }

    package func release(_ store: BackingStore, as name: String) async throws {
        try ExternalName.validate(name)
        let source = path(of: store)
        let destination = directory + "/" + name
        if !FileManager.default.fileExists(atPath: source), FileManager.default.fileExists(atPath: destination) { return }
        guard !FileManager.default.fileExists(atPath: destination) else { throw Fault(.conflict, "\(destination) exists already") }
        try SparseFile.rename(source, to: destination)
    }

    private func path(of store: BackingStore) -> String {
        switch store {
        case .volume(let id): path(of: id)
        case .snapshot(let id): path(ofSnapshot: id)
        }
    }

    /// The size of the regular file `name` (never a link, which could lead out of the directory).
    private func externalFileSize(_ name: String) throws -> UInt64 {
        try ExternalName.validate(name)
        guard !name.hasPrefix(Self.filePrefix), !name.hasPrefix(Self.snapshotPrefix), !name.hasSuffix(Self.partialSuffix) else {
            throw Fault.badRequest("Manage existing volume failed due to invalid backend reference: \(name) is a name Ember gives its own files.")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
        guard let attributes, attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? NSNumber else {
            throw Fault.notFound("Manage existing volume failed due to invalid backend reference: no regular file \(name) on backend \(backendName).")
        }
        return size.uint64Value
    }
}
