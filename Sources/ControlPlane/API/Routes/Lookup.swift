import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// Finds what a request names, as the caller may see it: another project's volume, snapshot or
/// private type is "not found" (404), as in Cinder.
struct Lookup {
    let store: any Store

    func volume(_ raw: String, _ caller: CallContext) async throws -> Volume {
        guard let id = UUID(key: raw), let volume = try await store.volume(id: id), Self.sees(caller, volume) else {
            throw Fault.volumeNotFound(raw)
        }
        return volume
    }

    /// A volume as `volume` finds it, with what its detailed view shows beside it, in one read.
    func volumeDetail(_ raw: String, _ caller: CallContext) async throws -> VolumeDetail {
        guard let id = UUID(key: raw), let detail = try await store.volumeDetail(id: id, attachmentsOf: caller.isAdmin ? nil : caller.projectID),
            Self.sees(caller, detail.volume)
        else { throw Fault.volumeNotFound(raw) }
        return detail
    }

    private static func sees(_ caller: CallContext, _ volume: Volume) -> Bool {
        caller.isAdmin || volume.projectID == caller.projectID
    }

    func snapshot(_ raw: String, _ caller: CallContext) async throws -> Snapshot {
        guard let id = UUID(key: raw), let snapshot = try await store.snapshot(id: id),
            caller.isAdmin || snapshot.projectID == caller.projectID
        else { throw Fault.notFound("Snapshot \(raw) could not be found.") }
        return snapshot
    }

    /// A type by id or name: public types for everyone, private ones for admins and the projects they
    /// are shared with.
    func volumeType(_ idOrName: String, _ caller: CallContext) async throws -> VolumeType {
        guard let type = try await store.volumeType(idOrName), try await visible(type, caller) else {
            throw Fault.notFound("Volume type with name or id \(idOrName) could not be found.")
        }
        return type
    }

    func visible(_ type: VolumeType, _ caller: CallContext) async throws -> Bool {
        if type.isPublic || caller.isAdmin { return true }
        return try await store.typeAccess(typeID: type.id).contains(caller.projectID)
    }

    /// Cinder's `assert_not_frozen`: a frozen backend's volumes are neither deleted nor snapshotted.
    func refuseIfFrozen(_ volume: Volume) async throws {
        guard let host = volume.host else { return }
        let backend = VolumeHost.backend(of: host)
        if try await store.services().contains(where: { $0.host == backend && $0.frozen }) {
            throw Fault.invalidInput("Volume \(volume.id.key) is on a frozen backend (\(backend)); thaw it first.")
        }
    }

    /// The path parameter `name`, or 404 when the route has none (it always has: the router matched it).
    static func parameter(_ context: APIContext, _ name: String) -> String {
        context.parameters.get(name) ?? ""
    }
}
