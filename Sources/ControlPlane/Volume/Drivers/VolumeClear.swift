import DataPath

/// What a deleted volume's data gets before its space is reused (Cinder's `volume_clear`).
///
/// Sparse files default to `none`: their blocks return to the filesystem, which never shows
/// them to another file. Block devices (LVM) default to `zero`.
public enum VolumeClear: String, Sendable, CaseIterable {
    case none
    case zero

    /// Zeroes the volume at `path`, or its first `length` bytes (Cinder's `volume_clear_size`), through
    /// the data path (an offload where one guarantees zeroes, else pipelined direct writes), on a
    /// thread of its own.
    func clear(path: String, length: UInt64? = nil) async throws {
        guard self == .zero else { return }
        let options = TransferOptions.wipeDefaults
        _ = try await Background.run(options.cancellation) {
            try Wipe.run(Device(path: path, writable: true), method: .auto, options: options, length: length)
        }
    }
}
