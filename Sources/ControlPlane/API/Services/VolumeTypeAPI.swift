import EmberModel
import EmberStore
import Foundation

/// The admin's volume-type operations between the routes and the store: create, edit, delete,
/// private-type access and extra specs. Every edit is one transaction on the type as stored.
struct VolumeTypeAPI: Sendable {
    let store: any Store

    func create(_ input: VolumeTypeRequest) async throws -> VolumeType {
        let type = VolumeType(
            id: UUID.random(), name: input.name ?? "", description: input.description ?? nil, isPublic: input.isPublic ?? true,
            extraSpecs: input.extraSpecs ?? [:])
        try await store.insertVolumeType(type)
        return type
    }

    /// Renames, describes or publishes a type; what the request leaves out stays.
    func update(_ type: VolumeType, _ input: VolumeTypeRequest) async throws -> VolumeType {
        try await edit(type) { type in
            if let name = input.name { type.name = name }
            if let description = input.description { type.description = description }
            if let isPublic = input.isPublic { type.isPublic = isPublic }
        }
    }

    /// Removes a type no live volume uses (refused for the default type).
    func delete(_ type: VolumeType) async throws {
        try await store.deleteVolumeType(id: type.id)
    }

    /// Shares a private type with a project, or stops sharing it.
    func setAccess(_ type: VolumeType, project: String, granted: Bool) async throws {
        guard !type.isPublic else { throw Fault.badRequest("Invalid volume type: Type access modification is not applicable to public volume type.") }
        guard try await store.setTypeAccess(typeID: type.id, project: project, granted: granted) else {
            throw granted
                ? Fault(.conflict, "Volume type access for \(type.id.key)/\(project) combination already exists.")
                : Fault.notFound("Volume type access not found for \(type.id.key)/\(project) combination.")
        }
    }

    /// Adds or replaces some extra specs.
    func mergeExtraSpecs(_ type: VolumeType, _ specs: [String: String]) async throws {
        _ = try await edit(type) { $0.extraSpecs.merge(specs) { _, new in new } }
    }

    /// Removes one extra spec; not found when the type has none of that key.
    func removeExtraSpec(_ type: VolumeType, _ key: String) async throws {
        _ = try await edit(type) { stored in
            guard stored.extraSpecs.removeValue(forKey: key) != nil else { throw Self.missing(stored, key) }
        }
    }

    static func missing(_ type: VolumeType, _ key: String) -> Fault {
        Fault.notFound("Volume Type \(type.id.key) has no extra specs with key \(key).")
    }

    private func edit(_ type: VolumeType, _ change: @escaping @Sendable (inout VolumeType) throws -> Void) async throws -> VolumeType {
        guard let updated = try await store.updateVolumeType(id: type.id, change) else {
            throw Fault.notFound("Volume type \(type.id.key) could not be found.")
        }
        return updated
    }
}
