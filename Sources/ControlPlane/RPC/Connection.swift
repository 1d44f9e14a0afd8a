public import EmberModel
public import Foundation

/// What a host says about itself when it connects (Nova's connector): its initiator IQN, address, name.
public struct Connector: Codable, Sendable, Equatable {
    public var initiator: String?
    public var ip: String?
    public var host: String?

    public init(initiator: String? = nil, ip: String? = nil, host: String? = nil) {
        self.initiator = initiator
        self.ip = ip
        self.host = host
    }

    /// An initiator IQN must be a plain `iqn.`/`eui.`/`naa.` name: it reaches tgtadm's argv.
    public static func validInitiator(_ name: String) -> Bool {
        let lowered = name.lowercased()
        guard ["iqn.", "eui.", "naa."].contains(where: lowered.hasPrefix), name.count <= 223 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".:-_".contains($0)) }
    }
}

/// Where and how a host reaches an exported volume: what `connection_info` is built from.
public struct ConnectionInfo: Codable, Sendable, Equatable {
    public var export: Export
    public var volumeID: UUID
    public var credentials: ChapCredentials
    public var accessMode: String

    public init(export: Export, volumeID: UUID, credentials: ChapCredentials, accessMode: String) {
        self.export = export
        self.volumeID = volumeID
        self.credentials = credentials
        self.accessMode = accessMode
    }
}

/// Where an exported volume is found.
public struct Export: Codable, Sendable, Equatable {
    public var iqn: String
    public var portal: String
    public var lun: Int

    public init(iqn: String, portal: String, lun: Int) {
        self.iqn = iqn
        self.portal = portal
        self.lun = lun
    }
}
