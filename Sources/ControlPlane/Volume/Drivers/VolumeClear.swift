/// What a deleted volume's data gets before its space is reused (Cinder's `volume_clear`).
///
/// Sparse files default to `none`: their blocks return to the filesystem, which never shows
/// them to another file. Block devices (LVM) default to `zero`, done by `DataMover.wipe`.
package enum VolumeClear: String, Sendable, CaseIterable {
    case none
    case zero
}
