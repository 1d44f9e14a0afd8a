package import EmberModel
package import Foundation

/// What a host says about itself when it connects (Nova's connector): its initiator IQN, address, name.
package struct Connector: Codable, Sendable, Equatable {
    package var initiator: String?
    package var ip: String?
    package var host: String?

    package init(initiator: String? = nil, ip: String? = nil, host: String? = nil) {
        self.initiator = initiator
        self.ip = ip
        self.host = host
    }

    /// An initiator IQN must be a plain `iqn.`/`eui.`/`naa.` name: it reaches tgtadm's argv.
    package static func validInitiator(_ name: String) -> Bool {
        let lowered = name.lowercased()
        guard ["iqn.", "eui.", "naa."].contains(where: lowered.hasPrefix), name.count <= 223 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".:-_".contains($0)) }
    }
}

/// Where and how a host reaches an exported volume: what `connection_info` is built from.
package struct ConnectionInfo: Codable, Sendable, Equatable {
    package var export: Export
    package var volumeID: UUID
    package var credentials: ChapCredentials
    package var accessMode: String
    /// The front-end limits of the volume type's QoS specs, for the hypervisor to apply; nil when none.
    package var qosSpecs: [String: String]?
    /// Whether the volume is encrypted (it has a key), so the hypervisor decrypts it with that key.
    package var encrypted: Bool

    package init(
        export: Export, volumeID: UUID, credentials: ChapCredentials, accessMode: String, qosSpecs: [String: String]? = nil,
        encrypted: Bool = false
    ) {
        self.qosSpecs = qosSpecs
        self.encrypted = encrypted
        self.export = export
        self.volumeID = volumeID
        self.credentials = credentials
        self.accessMode = accessMode
    }
}

/// Where an exported volume is found.
package struct Export: Codable, Sendable, Equatable {
    package var iqn: String
    package var portal: String
    package var lun: Int

    package init(iqn: String, portal: String, lun: Int) {
        self.iqn = iqn
        self.portal = portal
        self.lun = lun
    }
}

/// A backing store a volume service could manage: its name there, its size rounded up to GiB, and
/// the pool (`host@backend#pool`) that holds it.
package struct ManageableStore: Codable, Sendable, Equatable {
    package var name: String
    package var sizeGB: Int
    package var host: String

    package init(name: String, sizeGB: Int, host: String) {
        self.name = name
        self.sizeGB = sizeGB
        self.host = host
    }
}
