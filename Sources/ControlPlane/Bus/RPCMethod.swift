/// One RPC method as its callers and its server both know it: the name on the wire, the version of its
/// arguments, and the types that cross the bus. Each method is declared once (in EmberRPC), so a caller
/// cannot send what the server does not decode, nor expect a reply of another type.
package struct RPCMethod<Arguments: Codable & Sendable, Result: Codable & Sendable>: Sendable {
    package let name: String
    package let version: RPCVersion

    package init(_ name: String, version: RPCVersion = RPCVersion(1, 0)) {
        self.name = name
        self.version = version
    }
}

/// A method's version, counted as oslo.messaging counts them: a server that speaks `major.minor`
/// handles a message of the same major version and a minor version no newer than its own.
package struct RPCVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var major: Int
    package var minor: Int

    package init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `"1.0"`; nil for anything else.
    package init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else { return nil }
        self.init(major, minor)
    }

    /// Whether a server speaking this version can handle a message of `version`.
    package func handles(_ version: RPCVersion) -> Bool {
        version.major == major && version.minor <= minor
    }

    package var description: String { "\(major).\(minor)" }

    package static func < (lhs: RPCVersion, rhs: RPCVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}
