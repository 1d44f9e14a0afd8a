import EmberModel
import Foundation

/// The LVM commands Ember runs, each an argv array through `Command`, with output read from LVM's
/// JSON reports (`--reportformat json --units b --nosuffix`) and stderr kept in any error.
struct LVM: Sendable {
    /// One logical volume as `lvs` reports it.
    struct LogicalVolume: Equatable, Sendable {
        var name: String
        var sizeBytes: UInt64
        var attributes: String
        var pool: String
        var origin: String
        /// Percent of a thin pool's data space in use (empty for other LVs).
        var dataPercent: Double?

        var isThinPool: Bool { attributes.first == "t" }
        /// A thin volume or thin snapshot: its blocks live in a pool.
        var isThin: Bool { attributes.first == "V" }
        /// The fifth attribute character is the state: `a` when the LV is active (its device exists).
        var isActive: Bool { attributes.dropFirst(4).first == "a" }
    }

    struct VolumeGroup: Equatable, Sendable {
        var name: String
        var sizeBytes: UInt64
        var freeBytes: UInt64
    }

    let volumeGroup: String

    /// LVM warns about every inherited descriptor; the service has many (Cinder's lvm_suppress_fd_warnings).
    @discardableResult
    private func lvm(_ tool: String, _ arguments: [String]) async throws -> String {
        try await Command(tool, arguments, environment: ["LVM_SUPPRESS_FD_WARNINGS": "1"]).run()
    }

    func group() async throws -> VolumeGroup? {
        let out: String
        do {
            out = try await lvm("vgs", ["--reportformat", "json", "--units", "b", "--nosuffix", "-o", "vg_name,vg_size,vg_free", volumeGroup])
        } catch let error as CommandError where error.stderr.contains("not found") {
            return nil
        }
        guard let row = try Self.rows(out, "vg").first else { return nil }
        return VolumeGroup(name: row["vg_name"] ?? "", sizeBytes: UInt64(row["vg_size"] ?? "") ?? 0, freeBytes: UInt64(row["vg_free"] ?? "") ?? 0)
    }

    func volumes() async throws -> [LogicalVolume] {
        let out = try await lvm(
            "lvs",
            [
                "--reportformat", "json", "--units", "b", "--nosuffix", "-o", "lv_name,lv_size,lv_attr,pool_lv,origin,data_percent", volumeGroup,
            ])
        return try Self.rows(out, "lv").map { row in
            LogicalVolume(
                name: row["lv_name"] ?? "", sizeBytes: UInt64(row["lv_size"] ?? "") ?? 0, attributes: row["lv_attr"] ?? "",
                pool: row["pool_lv"] ?? "", origin: row["origin"] ?? "", dataPercent: Double(row["data_percent"] ?? ""))
        }
    }

    func volume(_ name: String) async throws -> LogicalVolume? {
        try await volumes().first { $0.name == name }
    }

    /// A thick LV of `bytes` (rounded up to whole extents by LVM).
    func createThick(_ name: String, bytes: UInt64) async throws {
        try await lvm("lvcreate", ["-y", "-L", "\(bytes)b", "-n", name, volumeGroup])
    }

    /// A thin LV of virtual size `bytes` in `pool`.
    func createThin(_ name: String, bytes: UInt64, pool: String) async throws {
        try await lvm("lvcreate", ["-y", "-V", "\(bytes)b", "--thin", "-n", name, "\(volumeGroup)/\(pool)"])
    }

    func createThinPool(_ name: String, bytes: UInt64) async throws {
        try await lvm("lvcreate", ["-y", "--type", "thin-pool", "-L", "\(bytes)b", "-n", name, volumeGroup])
    }

    /// A snapshot of `origin`: thin (no size, activated, writable) or a thick copy-on-write one of `bytes`.
    func snapshot(_ name: String, of origin: String, cowBytes: UInt64?) async throws {
        var arguments = ["-y", "-s", "-n", name]
        if let cowBytes { arguments += ["-L", "\(cowBytes)b"] } else { arguments += ["--setactivationskip", "n", "-ay"] }
        try await lvm("lvcreate", arguments + ["\(volumeGroup)/\(origin)"])
    }

    /// Grows an LV. The origin of a thick snapshot grows only while inactive, so it is deactivated
    /// (with its snapshots) for the moment of the `lvextend`.
    func extend(_ name: String, bytes: UInt64) async throws {
        let isOrigin = try await volume(name)?.attributes.first == "o"
        if isOrigin { try await lvm("lvchange", ["-an", "\(volumeGroup)/\(name)"]) }
        try await lvm("lvextend", ["-L", "\(bytes)b", "\(volumeGroup)/\(name)"])
        if isOrigin { try await lvm("lvchange", ["-ay", "\(volumeGroup)/\(name)"]) }
    }

    func rename(_ name: String, to newName: String) async throws {
        try await lvm("lvrename", [volumeGroup, name, newName])
    }

    func remove(_ name: String) async throws {
        try await lvm("lvremove", ["-f", "\(volumeGroup)/\(name)"])
    }

    /// Makes sure the LV is active (its device node exists). A thick snapshot is active with its origin.
    func activate(_ name: String) async throws {
        if let volume = try await volume(name) { try await activate(volume) }
    }

    /// The same for an LV already looked up, without asking `lvs` again.
    func activate(_ volume: LogicalVolume) async throws {
        guard !volume.isActive else { return }
        try await lvm("lvchange", ["-ay", "-K", "\(volumeGroup)/\(volume.name)"])
    }

    func devicePath(_ name: String) -> String { "/dev/\(volumeGroup)/\(name)" }

    /// The rows of one report kind (`lv`, `vg`) from LVM's JSON output, as strings.
    static func rows(_ json: String, _ kind: String) throws -> [[String: String]] {
        struct Report: Decodable { var report: [[String: [[String: String]]]] }
        guard let data = json.data(using: .utf8), let report = try? JSONDecoder().decode(Report.self, from: data) else {
            throw Fault(.internalError, "LVM printed a report Ember cannot read: \(json.prefix(200))")
        }
        return report.report.flatMap { $0[kind] ?? [] }
    }

    /// Volume group names reach commands and paths: LVM's own alphabet, nothing else.
    static func validate(volumeGroup name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+_.-")
        guard !name.isEmpty, name.count <= 127, name.allSatisfy(allowed.contains), !name.hasPrefix("-"), name != ".", name != ".." else {
            throw Fault(.internalError, "'\(name)' is not a volume group name (letters, digits and + _ . - only)")
        }
    }
}
