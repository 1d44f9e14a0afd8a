import ArgumentParser
import Configuration
import EmberAMQP
import EmberAPI
import EmberModel
import EmberVolume
import Foundation
import SystemPackage
import Yams

/// The settings of `ember serve` that an operator may keep in a file: where volumes live, how they
/// are wiped and exported. Read through swift-configuration with the flags given on the command line
/// in front of the `--config` YAML file, then checked once, whichever source a value came from.
struct ServeSettings {
    /// The file's keys: the flags' names without the dashes in front.
    static let fileKeys = [
        "data-dir", "listen", "host", "backend", "volume-group", "lvm-type", "volume-clear", "volume-clear-size",
        "volume-copy-bps-limit", "volume-copy-inflight", "iscsi", "iscsi-portal", "max-connections", "idle-timeout", "header-timeout",
        "body-timeout", "metadata-items-limit", "fixed-key-file", "database-url", "database-password-file", "transport-url",
    ]

    var dataDir: String
    var listen: ListenAddress
    var host: String?
    var backend: Serve.Backend
    var volumeGroup: String?
    var lvmType: LVMDriver.Provisioning
    var volumeClear: VolumeClear?
    /// MiB zeroed at the start of a deleted thick LV; 0 for all of it.
    var volumeClearSizeMiB: Int
    /// Bytes per second of the volume service's wipes and copies; 0 for no limit.
    var volumeCopyBytesPerSecond: Int
    /// MiB of the volume service's data-path requests in flight at once (its `DeviceBudget`).
    var volumeCopyInFlightMiB: Int
    var iscsi: Bool
    var iscsiPortal: ListenAddress
    /// The API listener's timeouts and connection cap.
    var connectionLimits: ConnectionLimits
    var metadataItemLimit: Int
    /// The file holding the one key of encrypted volumes (Cinder's `[key_manager] fixed_key`).
    var fixedKeyFile: String?
    var database: DatabaseSettings
    /// The broker of distributed mode (Cinder's `transport_url`); nil for the in-process bus.
    var transport: AMQPURL?

    static func resolve(_ serve: Serve) async throws -> ServeSettings {
        let reader = try await reader(serve)
        let settings = ServeSettings(
            dataDir: reader.string(forKey: "data-dir") ?? "./ember-data",
            listen: try ListenAddress(reader.string(forKey: "listen") ?? "127.0.0.1:8776"),
            host: reader.string(forKey: "host"),
            backend: try choice(reader, "backend") ?? .file,
            volumeGroup: reader.string(forKey: "volume-group"),
            lvmType: try choice(reader, "lvm-type") ?? .thick,
            volumeClear: try choice(reader, "volume-clear"),
            volumeClearSizeMiB: try number(reader, "volume-clear-size", in: 0...1024) ?? 0,
            volumeCopyBytesPerSecond: try number(reader, "volume-copy-bps-limit", in: 0...(1 << 40)) ?? 0,
            volumeCopyInFlightMiB: try number(reader, "volume-copy-inflight", in: 1...4096) ?? DataMover.defaultInFlightMiB,
            iscsi: try flag(reader, "iscsi"),
            iscsiPortal: try ListenAddress(reader.string(forKey: "iscsi-portal") ?? "127.0.0.1:3260", option: "--iscsi-portal"),
            connectionLimits: try connectionLimits(reader),
            metadataItemLimit: try number(reader, "metadata-items-limit", in: 1...100_000) ?? MetadataLimit.defaultItems,
            fixedKeyFile: reader.string(forKey: "fixed-key-file"),
            database: try DatabaseSettings(
                url: reader.string(forKey: "database-url", isSecret: true), passwordFile: reader.string(forKey: "database-password-file")),
            transport: try transport(reader.string(forKey: "transport-url", isSecret: true)))
        try settings.check()
        return settings
    }

    /// `--transport-url`, else `EMBER_TRANSPORT_URL`; nil when neither is set.
    private static func transport(_ text: String?) throws -> AMQPURL? {
        guard let text = text ?? ProcessInfo.processInfo.environment["EMBER_TRANSPORT_URL"], !text.isEmpty else { return nil }
        guard let url = AMQPURL(text) else { throw ValidationError("--transport-url must be rabbit://USER:PASSWORD@HOST[:PORT]/[VHOST]") }
        return url
    }

    /// The listener's limits: each setting, else its default.
    private static func connectionLimits(_ reader: ConfigReader) throws -> ConnectionLimits {
        let defaults = ConnectionLimits()
        func seconds(_ key: String, _ fallback: Duration) throws -> Duration {
            try number(reader, key, in: 1...86_400).map { .seconds($0) } ?? fallback
        }
        return ConnectionLimits(
            maxConnections: try number(reader, "max-connections", in: 1...100_000) ?? defaults.maxConnections,
            idleTimeout: try seconds("idle-timeout", defaults.idleTimeout),
            headerTimeout: try seconds("header-timeout", defaults.headerTimeout),
            bodyTimeout: try seconds("body-timeout", defaults.bodyTimeout))
    }

    /// What only makes sense together: a volume group for LVM and only for LVM, a safe host name.
    func check() throws {
        if let host { try HostName.validate(host) }
        if backend == .lvm, volumeGroup == nil { throw ValidationError("--backend lvm needs --volume-group NAME") }
        if backend == .file, volumeGroup != nil { throw ValidationError("--volume-group needs --backend lvm") }
        if backend == .file, volumeClearSizeMiB != 0 { throw ValidationError("--volume-clear-size applies to --backend lvm only") }
    }

    /// The flags given on the command line, then the config file.
    private static func reader(_ serve: Serve) async throws -> ConfigReader {
        var given: [AbsoluteConfigKey: ConfigValue] = [:]
        let flags: [(String, String?)] = [
            ("data-dir", serve.dataDir), ("listen", serve.listen), ("host", serve.host), ("backend", serve.backend?.rawValue),
            ("volume-group", serve.volumeGroup), ("lvm-type", serve.lvmType?.rawValue), ("volume-clear", serve.volumeClear?.rawValue),
            ("volume-clear-size", serve.volumeClearSize.map(String.init)),
            ("volume-copy-bps-limit", serve.volumeCopyBpsLimit.map(String.init)),
            ("volume-copy-inflight", serve.volumeCopyInflight.map(String.init)), ("iscsi", serve.iscsi ? "true" : nil),
            ("iscsi-portal", serve.iscsiPortal), ("max-connections", serve.maxConnections.map(String.init)),
            ("idle-timeout", serve.idleTimeout.map(String.init)), ("header-timeout", serve.headerTimeout.map(String.init)),
            ("body-timeout", serve.bodyTimeout.map(String.init)), ("metadata-items-limit", serve.metadataItemsLimit.map(String.init)),
            ("fixed-key-file", serve.fixedKeyFile), ("database-url", serve.databaseURL),
            ("database-password-file", serve.databasePasswordFile), ("transport-url", serve.transportURL),
        ]
        for case (let key, let value?) in flags { given[AbsoluteConfigKey([key])] = ConfigValue(.string(value), isSecret: false) }
        var providers: [any ConfigProvider] = [InMemoryProvider(name: "command line", values: given)]
        if let path = serve.config { providers.append(try await file(path)) }
        return ConfigReader(providers: providers)
    }

    /// The `--config` file, refused in one sentence when it is missing, not YAML, or has a key Ember
    /// does not know (a misspelt key silently ignored would be worse than no file).
    private static func file(_ path: String) async throws -> FileProvider<YAMLSnapshot> {
        let unknown: [String]
        let provider: FileProvider<YAMLSnapshot>
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let mapping = try Yams.compose(yaml: text)?.mapping else {
                throw ValidationError("--config \(path) must hold a YAML mapping of setting names to values")
            }
            unknown = mapping.keys.map { $0.string ?? "\($0)" }.filter { !fileKeys.contains($0) }
            provider = try await FileProvider<YAMLSnapshot>(filePath: FilePath(path))
        } catch let error as ValidationError {
            throw error
        } catch let error as YamlError {
            throw ValidationError("--config \(path) is not valid YAML: \(error)")
        } catch {
            throw ValidationError("--config \(path) cannot be read: \(error.localizedDescription)")
        }
        guard unknown.isEmpty else {
            throw ValidationError("--config \(path) has unknown key(s) \(unknown.joined(separator: ", ")); known: \(fileKeys.joined(separator: ", "))")
        }
        return provider
    }

    private static func choice<Value: RawRepresentable & CaseIterable>(_ reader: ConfigReader, _ key: String) throws -> Value?
    where Value.RawValue == String {
        guard let text = reader.string(forKey: ConfigKey(key)) else { return nil }
        guard let value = Value(rawValue: text) else {
            throw ValidationError("\(key) must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
        }
        return value
    }

    private static func number(_ reader: ConfigReader, _ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = reader.string(forKey: ConfigKey(key)) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ValidationError("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    private static func flag(_ reader: ConfigReader, _ key: String) throws -> Bool {
        guard let text = reader.string(forKey: ConfigKey(key)) else { return false }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw ValidationError("\(key) must be true or false, not '\(text)'")
        }
    }
}
