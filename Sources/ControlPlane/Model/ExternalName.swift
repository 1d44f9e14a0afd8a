package import Foundation

/// The name a backing store has outside Ember's own naming: the one an operator hands to
/// manage-existing (Cinder's `ref: {"source-name": …}`), and the one an unmanage leaves the data under,
/// where the volume service's recovery, which removes backing stores the database does not know,
/// does not touch it.
package enum ExternalName {
    /// What a name may be before it reaches a driver: 1 to 255 of `A-Z a-z 0-9 . _ -`, not starting
    /// with a dot, so it can be neither a path nor a hidden or partial file.
    package static func validate(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...255).contains(name.count), !name.hasPrefix("."), name.allSatisfy(allowed.contains) else {
            throw Fault.badRequest(
                "Manage existing volume failed due to invalid backend reference: source-name must be 1 to 255 letters, digits, '.', '_' or '-', not starting with '.'."
            )
        }
    }

    /// The name of a reference in Cinder's form: an object with a `source-name` string.
    package static func sourceName(in reference: [String: String]?) throws -> String {
        guard let name = reference?["source-name"] else {
            throw Fault.badRequest("Manage existing volume failed due to invalid backend reference: the reference needs a 'source-name'.")
        }
        try validate(name)
        return name
    }

    /// Where an unmanaged volume's data stays.
    package static func unmanaged(volume id: UUID) -> String { "unmanaged-volume-" + id.key }
    /// Where an unmanaged snapshot's data stays.
    package static func unmanaged(snapshot id: UUID) -> String { "unmanaged-snapshot-" + id.key }
}
