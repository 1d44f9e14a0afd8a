import ArgumentParser
import ControlPlane
import Foundation
import Logging

/// The `ember` command: argument parsing and wiring only.
@main
struct Ember: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ember",
        abstract: "Ember block storage: a Cinder-compatible volume service with an io_uring data path.",
        subcommands: [Serve.self, DB.self, IO.self, TokenKeys.self])
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the API, a scheduler and a volume service (file or LVM backend) in one process.")

    enum AuthMode: String, ExpressibleByArgument {
        case noauth, keystone
    }

    @Option(help: "Directory for the database and the volume files.")
    var dataDir = "./ember-data"

    @Option(help: "Address to listen on, HOST:PORT.")
    var listen = "127.0.0.1:8776"

    @Option(help: "Authentication: keystone (identity served by Ember itself, the default) or noauth (development only: the token names the user and project).")
    var auth: AuthMode = .keystone

    @Option(help: "The admin's password, set at start (default: EMBER_ADMIN_PASSWORD, else generated on first start and written to DATA_DIR/clouds.yaml).")
    var adminPassword: String?

    @Option(help: "Seconds a token lives.")
    var tokenLifetime: Int = 3600

    @Option(help: "JSON file with Keystone-style [ldap] options (url, user_tree_dn, ...): adds a read-only domain whose users come from LDAP.")
    var ldapConfig: String?

    @Option(help: "Policy file (YAML or JSON, rule name to check string) over the default rules.")
    var policyFile: String?

    @Option(help: "URL clients reach Ember at (http://HOST:PORT), for token catalogs and links; default: the request's Host.")
    var publicURL: String?

    @Option(help: "Also serve the identity API alone on HOST:PORT (at /v3 and /identity/v3).")
    var identityListen: String?

    @Option(help: "Name of this volume host (default: the machine's host name followed by @file).")
    var host: String?

    @Option(help: "Seconds between the volume service's capability reports.")
    var reportInterval: Double = 10

    @Option(help: "What a deleted volume's data gets: none (default for sparse files) or zero (default for LVM).")
    var volumeClear: VolumeClear?

    @Option(help: "Where volumes live: file (sparse files in the data dir) or lvm (logical volumes in --volume-group).")
    var backend: Backend = .file

    @Option(help: "The LVM volume group (with --backend lvm).")
    var volumeGroup: String?

    @Option(help: "thick (one LV per volume, wiped on delete) or thin (thin LVs in a pool, discarded on delete).")
    var lvmType: LVMDriver.Provisioning = .thick

    enum Backend: String, ExpressibleByArgument {
        case file, lvm
    }

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Flag(help: "Export volumes over iSCSI through tgtd (started and supervised by Ember unless --tgtd-external).")
    var iscsi = false

    @Option(help: "Portal initiators connect to, HOST:PORT (with --iscsi).")
    var iscsiPortal = "127.0.0.1:3260"

    @Option(help: "tgtd's management channel number (tgtd -C N, 0 to 9999); default: the portal's port modulo 10000.")
    var tgtdControlPort: Int?

    @Flag(help: "Use a tgtd that is already running on --tgtd-control-port instead of starting one.")
    var tgtdExternal = false

    func validate() throws {
        _ = try ListenAddress(listen)
        if let identityListen { _ = try ListenAddress(identityListen) }
        guard (60...86_400 * 7).contains(tokenLifetime) else { throw ValidationError("--token-lifetime must be from 60 seconds to 7 days") }
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) || publicURL.hasSuffix("/") {
            throw ValidationError("--public-url must be http(s)://HOST[:PORT] without a trailing slash")
        }
        if auth == .noauth, adminPassword != nil || ldapConfig != nil || identityListen != nil {
            throw ValidationError("--admin-password, --ldap-config and --identity-listen need identity; drop --auth noauth")
        }
        guard reportInterval > 0 else { throw ValidationError("--report-interval must be positive") }
        if let host { try HostName.validate(host) }
        if backend == .lvm, volumeGroup == nil { throw ValidationError("--backend lvm needs --volume-group NAME") }
        if backend == .file, volumeGroup != nil { throw ValidationError("--volume-group needs --backend lvm") }
        if iscsi { _ = try ListenAddress(iscsiPortal) }
        if let port = tgtdControlPort, !(0...9999).contains(port) {
            throw ValidationError("--tgtd-control-port must be from 0 to 9999 (tgtd refuses larger ones)")
        }
    }

    /// The iSCSI settings, or nil without `--iscsi`.
    func iscsiConfiguration() throws -> ISCSIConfiguration? {
        guard iscsi else { return nil }
        let portal = try ListenAddress(iscsiPortal)
        return ISCSIConfiguration(portal: iscsiPortal, controlPort: tgtdControlPort ?? portal.port % 10_000, startsTgtd: !tgtdExternal)
    }

    /// The identity settings, or nil with `--auth noauth`.
    func identityConfiguration() throws -> IdentityConfiguration? {
        guard auth == .keystone else { return nil }
        let listen = try identityListen.map(ListenAddress.init)
        do {
            return IdentityConfiguration(
                adminPassword: adminPassword ?? ProcessInfo.processInfo.environment["EMBER_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
                tokenLifetime: TimeInterval(tokenLifetime), ldap: try ldapConfig.map { try LDAPConfiguration.load(path: $0) },
                publicURL: publicURL, identityListen: listen.map { ($0.host, $0.port) })
        } catch let error as LDAPError {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let address = try ListenAddress(listen)
        let logger = LogSetup.bootstrap(level: logLevel)
        let configuration = AllInOne.Configuration(
            dataDirectory: dataDir, listenHost: address.host, listenPort: address.port,
            hostName: host ?? "\(ProcessInfo.processInfo.hostName)@\(backend.rawValue)",
            reportInterval: .milliseconds(Int(reportInterval * 1000)), volumeClear: volumeClear ?? .none, iscsi: try iscsiConfiguration(),
            identity: try identityConfiguration(), policyPath: policyFile,
            lvm: volumeGroup.map { LVMDriver.Configuration(volumeGroup: $0, provisioning: lvmType, volumeClear: volumeClear ?? .zero) })
        try await AllInOne(configuration: configuration, logger: logger).run { port in
            FileHandle.standardOutput.write(Data("ember: listening on http://\(address.host):\(port)\n".utf8))
        }
    }
}

struct DB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Database maintenance.", subcommands: [Migrate.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or upgrade the schema of the data dir's database.")

        @Option(help: "Directory holding ember.sqlite.")
        var dataDir = "./ember-data"

        func run() async throws {
            let store = try await AllInOne.openStore(dataDirectory: dataDir)
            for migration in try await store.appliedMigrations() { print("applied: \(migration)") }
        }
    }
}

/// `HOST:PORT` from the command line.
struct ListenAddress {
    var host: String
    var port: Int

    init(_ text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port), colon != text.startIndex
        else { throw ValidationError("--listen must be HOST:PORT with a port from 0 to 65535, not '\(text)'") }
        host = String(text[..<colon])
        self.port = port
    }
}

/// Volume host names end up in bus topics and logs: keep them to a safe alphabet.
enum HostName {
    static func validate(_ name: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_@#"))
        guard !name.isEmpty, name.count <= 255, name.unicodeScalars.allSatisfy(allowed.contains), name.allSatisfy(\.isASCII) else {
            throw ValidationError("--host may hold only ASCII letters, digits and . - _ @ #")
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension VolumeClear: ExpressibleByArgument {}
extension LVMDriver.Provisioning: ExpressibleByArgument {}

enum LogSetup {
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "ember")
    }
}
