/// Cinder's names for where a volume lives: `host@backend#pool`. A volume records its pool; a
/// volume service, its RPC queue and its recovery answer to the `host@backend` part.
package enum VolumeHost {
    /// The `host@backend` part of a pool name (the name itself when it names no pool).
    package static func backend(of name: String) -> String {
        name.firstIndex(of: "#").map { String(name[..<$0]) } ?? name
    }

    /// A pool name on `backend`: `host@backend#pool`.
    package static func pool(_ pool: String, on backend: String) -> String {
        "\(backend)#\(pool)"
    }

    /// Whether `name` (a volume's host) is `backend` or one of its pools.
    package static func name(_ name: String, isOn backend: String) -> Bool {
        Self.backend(of: name) == backend
    }
}
