package import Foundation

/// A named set of quality-of-service limits an admin associates with volume types (`/qos-specs`).
/// Front-end limits travel to the hypervisor in `connection_info`; back-end limits hold the volume
/// service's own copies and wipes of that type's volumes to their byte rate.
package struct QoSSpecs: Sendable, Equatable {
    /// Who enforces the limits, spelled as Cinder spells it.
    package enum Consumer: String, Sendable, CaseIterable {
        case frontEnd = "front-end"
        case backEnd = "back-end"
        case both
    }

    package var id: UUID
    package var name: String
    package var consumer: Consumer
    package var specs: [String: String]

    package init(id: UUID = UUID.random(), name: String, consumer: Consumer = .backEnd, specs: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.consumer = consumer
        self.specs = specs
    }

    /// The limits a hypervisor applies, for `connection_info`'s `qos_specs` (nil for a back-end
    /// consumer): per-GiB keys (`read_iops_sec_per_gb`, with `_per_gb_min` and `_max`) become
    /// absolute ones for a volume of `sizeGB`, as Cinder's volume manager computes them.
    package func frontEnd(sizeGB: Int) -> [String: String]? {
        guard consumer != .backEnd else { return nil }
        var specs = specs
        for option in ["read_iops_sec", "read_bytes_sec", "write_iops_sec", "write_bytes_sec", "total_iops_sec", "total_bytes_sec"] {
            guard let perGB = specs.removeValue(forKey: option + "_per_gb").flatMap({ Int($0) }) else { continue }
            let minimum = specs.removeValue(forKey: option + "_per_gb_min").flatMap { Int($0) } ?? 0
            let value = max(minimum, perGB * sizeGB)
            let maximum = specs.removeValue(forKey: option + "_max").flatMap { Int($0) } ?? value
            specs[option] = String(min(value, maximum))
        }
        return specs
    }

    /// The byte rate the volume service holds its own copies and wipes to: the lowest of
    /// `total_bytes_sec`, `read_bytes_sec` and `write_bytes_sec` for a back-end (or both) consumer.
    package var backEndBytesPerSecond: UInt64? {
        guard consumer != .frontEnd else { return nil }
        return ["total_bytes_sec", "read_bytes_sec", "write_bytes_sec"].compactMap { specs[$0].flatMap(UInt64.init) }.filter { $0 > 0 }.min()
    }
}
