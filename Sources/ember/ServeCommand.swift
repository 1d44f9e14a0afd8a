import ArgumentParser
import EmberAPI
import EmberIdentity
import EmberModel
import EmberVolume
import Foundation
import Logging

/// `ember serve`: the all-in-one process. Where volumes live and how they are exported can also come
/// from a `--config` file (see `ServeSettings`); a flag given on the command line wins over the file.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the API, a scheduler and a volume service (file or LVM backend) in one process.")

    enum AuthMode: String, ExpressibleByArgument {
        case noauth, keystone
    }

    enum Backend: String, ExpressibleByArgument, CaseIterable {
        case file, lvm
    }

    @Option(help: "YAML file of settings named as these flags: \(ServeSettings.fileKeys.joined(separator: ", ")). Flags win over it.")
    var config: String?

    @Option(help: "Directory for the database and the volume files (default: ./ember-data).")
    var dataDir: String?

    @Option(help: "Address to listen on, HOST:PORT (default: 127.0.0.1:8776).")
    var listen: String?

    @Option(help: "Authentication: keystone (identity served by Ember itself, the default) or noauth (development only: the token names the user and project).")
    var auth: AuthMode = .keystone

    @Option(
        help:
            "The admin's password, set at start; visible in the process table, so prefer --admin-password-file (default: EMBER_ADMIN_PASSWORD, else generated on first start and written to DATA_DIR/clouds.yaml)."
    )
    var adminPassword: String?

    @Option(help: "File whose first line is the admin's password, set at start (keeps it out of the process table).")
    var adminPasswordFile: String?

    @Option(help: "Seconds a token lives.")
    var tokenLifetime: Int = 3600

    @Option(
        help:
            "Failed logins in a row that lock a user for --lockout-duration, as Keystone's lockout_failure_attempts; 0 never locks (default: \(LoginThrottle.Limits.defaultLockoutFailureAttempts))."
    )
    var lockoutFailureAttempts: Int = LoginThrottle.Limits.defaultLockoutFailureAttempts

    @Option(
        help:
            "Seconds a locked user stays locked, from the last failure, as Keystone's lockout_duration (default: \(Int(LoginThrottle.Limits.defaultLockoutDuration)))."
    )
    var lockoutDuration: Int = Int(LoginThrottle.Limits.defaultLockoutDuration)

    @Option(
        help:
            "Failed logins from one address within --login-address-window seconds after which it gets 429 (default: \(LoginThrottle.Limits.defaultAddressFailures))."
    )
    var loginAddressFailures: Int = LoginThrottle.Limits.defaultAddressFailures

    @Option(help: "Seconds over which an address's failed logins are counted (default: \(Int(LoginThrottle.Limits.defaultAddressWindow))).")
    var loginAddressWindow: Int = Int(LoginThrottle.Limits.defaultAddressWindow)

    @Option(help: "JSON file with Keystone-style [ldap] options (url, user_tree_dn, ...): adds a read-only domain whose users come from LDAP.")
    var ldapConfig: String?

    @Option(help: "Policy file (YAML or JSON, rule name to check string) over the default rules.")
    var policyFile: String?

    @Option(help: "URL clients reach Ember at (http://HOST:PORT), for token catalogs and links; default: the request's Host.")
    var publicURL: String?

    @Option(help: "Also serve the identity API alone on HOST:PORT (at /v3 and /identity/v3).")
    var identityListen: String?

    @Option(help: "Also serve this process's /metrics on HOST:PORT without authentication, for a scraper on a private address.")
    var metricsListen: String?

    @Option(help: "Name of this volume host (default: the machine's host name followed by @file or @lvm).")
    var host: String?

    @Option(help: "Seconds between the volume service's capability reports.")
    var reportInterval: Double = 10

    @Option(help: "Where volumes live: file (sparse files in the data dir, the default) or lvm (logical volumes in --volume-group).")
    var backend: Backend?

    @Option(help: "The LVM volume group (with --backend lvm).")
    var volumeGroup: String?

    @Option(help: "thick (one LV per volume, wiped on delete; the default) or thin (thin LVs in a pool, discarded on delete).")
    var lvmType: LVMDriver.Provisioning?

    @Option(help: "What a deleted volume's data gets: none (default for sparse files) or zero (default for LVM).")
    var volumeClear: VolumeClear?

    @Option(help: "MiB zeroed at the start of a deleted thick LV, 1 to 1024; 0 (the default) zeroes all of it (Cinder's volume_clear_size).")
    var volumeClearSize: Int?

    @Option(help: "Bytes per second the volume service's wipes and copies may read or write; 0 (the default) for no limit (Cinder's volume_copy_bps_limit).")
    var volumeCopyBpsLimit: Int?

    @Option(
        help:
            "MiB of the volume service's wipe, copy and clone requests in flight on its backend at once, shared fairly among them; it bounds their buffers (default: \(DataMover.defaultInFlightMiB))."
    )
    var volumeCopyInflight: Int?

    @Option(
        help: "Connections the API serves at once (default: \(ConnectionLimits.defaultMaxConnections)); past it idle ones are closed, else new clients get 503."
    )
    var maxConnections: Int?

    @Option(help: "Seconds an idle keep-alive connection stays open (default: \(ConnectionLimits.defaultIdleTimeout.components.seconds)).")
    var idleTimeout: Int?

    @Option(help: "Seconds a client has to send a request's headers (default: \(ConnectionLimits.defaultHeaderTimeout.components.seconds)).")
    var headerTimeout: Int?

    @Option(help: "Seconds a client has to send a request's body (default: \(ConnectionLimits.defaultBodyTimeout.components.seconds)).")
    var bodyTimeout: Int?

    @Option(help: "Metadata items one volume or snapshot may hold (default: \(MetadataLimit.defaultItems)).")
    var metadataItemsLimit: Int?

    @Option(
        help:
            "File whose first line is the key, in hex, of every encrypted volume (Cinder's [key_manager] fixed_key); readable by its owner only. Without it, volumes of encrypted types are refused."
    )
    var fixedKeyFile: String?

    @Option(help: "A shared PostgreSQL instead of the data dir's SQLite: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE (or EMBER_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "File whose first line is the database password (keeps it out of the URL and the process table).")
    var databasePasswordFile: String?

    @Option(help: "The RabbitMQ of distributed mode instead of the in-process bus: rabbit://USER:PASSWORD@HOST[:PORT]/[VHOST] (or EMBER_TRANSPORT_URL).")
    var transportURL: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Flag(help: "Export volumes over iSCSI through tgtd (started and supervised by Ember unless --tgtd-external).")
    var iscsi = false

    @Option(help: "Portal initiators connect to, HOST:PORT (with --iscsi; default: 127.0.0.1:3260).")
    var iscsiPortal: String?

    @Option(help: "tgtd's management channel number (tgtd -C N, 0 to 9999); default: the portal's port modulo 10000.")
    var tgtdControlPort: Int?

    @Flag(help: "Use a tgtd that is already running on --tgtd-control-port instead of starting one.")
    var tgtdExternal = false

    /// Checks what only the command line can set; `ServeSettings.resolve` checks what a file can set too.
    func validate() throws {
        if let identityListen { _ = try ListenAddress(identityListen, option: "--identity-listen") }
        if let metricsListen { _ = try ListenAddress(metricsListen, option: "--metrics-listen") }
        guard (60...86_400 * 7).contains(tokenLifetime) else { throw ValidationError("--token-lifetime must be from 60 seconds to 7 days") }
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) || publicURL.hasSuffix("/") {
            throw ValidationError("--public-url must be http(s)://HOST[:PORT] without a trailing slash")
        }
        if auth == .noauth, adminPassword != nil || adminPasswordFile != nil || ldapConfig != nil || identityListen != nil {
            throw ValidationError("--admin-password, --admin-password-file, --ldap-config and --identity-listen need identity; drop --auth noauth")
        }
        if adminPassword != nil, adminPasswordFile != nil {
            throw ValidationError("give --admin-password or --admin-password-file, not both")
        }
        guard reportInterval > 0 else { throw ValidationError("--report-interval must be positive") }
        guard lockoutFailureAttempts >= 0, (1...86_400).contains(lockoutDuration), loginAddressFailures >= 1, (1...86_400).contains(loginAddressWindow) else {
            throw ValidationError(
                "--lockout-failure-attempts must be 0 or more, --login-address-failures 1 or more, and --lockout-duration and --login-address-window from 1 to 86400 seconds"
            )
        }
        if let port = tgtdControlPort, !(0...9999).contains(port) {
            throw ValidationError("--tgtd-control-port must be from 0 to 9999 (tgtd refuses larger ones)")
        }
    }

    /// The iSCSI settings, or nil without iSCSI.
    func iscsiConfiguration(_ settings: ServeSettings) -> ISCSIConfiguration? {
        guard settings.iscsi else { return nil }
        return ISCSIConfiguration(
            portal: settings.iscsiPortal.text, controlPort: tgtdControlPort ?? settings.iscsiPortal.port % 10_000,
            startsTgtd: !tgtdExternal)
    }

    /// The identity settings, or nil with `--auth noauth`.
    func identityConfiguration() throws -> IdentityConfiguration? {
        guard auth == .keystone else { return nil }
        let listen = try identityListen.map { try ListenAddress($0, option: "--identity-listen") }
        do {
            return IdentityConfiguration(
                adminPassword: try givenAdminPassword() ?? ProcessInfo.processInfo.environment["EMBER_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
                tokenLifetime: TimeInterval(tokenLifetime), ldap: try ldapConfig.map { try LDAPConfiguration.load(path: $0) },
                publicURL: publicURL, identityListen: listen.map { ($0.host, $0.port) },
                loginLimits: LoginThrottle.Limits(
                    lockoutFailureAttempts: lockoutFailureAttempts == 0 ? nil : lockoutFailureAttempts, lockoutDuration: TimeInterval(lockoutDuration),
                    addressFailures: loginAddressFailures, addressWindow: TimeInterval(loginAddressWindow)))
        } catch let error as LDAPError {
            throw ValidationError(error.description)
        }
    }

    /// The password from `--admin-password-file` (its first line) or, with a warning, `--admin-password`.
    func givenAdminPassword() throws -> String? {
        if let adminPassword {
            FileHandle.standardError.write(
                Data(
                    "ember serve: warning: --admin-password shows the password to every local user in the process table; use --admin-password-file or EMBER_ADMIN_PASSWORD\n"
                        .utf8))
            return adminPassword
        }
        guard let adminPasswordFile else { return nil }
        guard let text = try? String(contentsOfFile: adminPasswordFile, encoding: .utf8) else {
            throw ValidationError("--admin-password-file \(adminPasswordFile) cannot be read")
        }
        let password = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !password.isEmpty else { throw ValidationError("--admin-password-file \(adminPasswordFile) holds no password on its first line") }
        return password
    }

    /// The key manager of `--fixed-key-file`: a private file whose first line is the key in hex.
    static func fixedKeyManager(path: String) throws -> FixedKeyManager {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { throw ValidationError("--fixed-key-file \(path) cannot be read") }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw ValidationError("--fixed-key-file \(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let manager = FixedKeyManager(hex: line.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("--fixed-key-file \(path) does not start with a key of 32 to 128 hex digits")
        }
        return manager
    }

    /// Raises the open-file limit to its hard maximum, then lowers the connection cap if it still does
    /// not fit (with a warning): a cap the process cannot open makes accepts fail for everyone.
    static func fitToDescriptors(_ limits: ConnectionLimits, logger: Logger) throws -> ConnectionLimits {
        var files = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &files)
        if files.rlim_cur < files.rlim_max {
            var raised = files
            raised.rlim_cur = files.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { files = raised }
        }
        let descriptors = Int(clamping: files.rlim_cur)
        guard let fitted = limits.fitting(descriptors: descriptors) else {
            throw ValidationError("the open-file limit (\(descriptors)) leaves no room for client connections; raise ulimit -n")
        }
        if fitted.maxConnections < limits.maxConnections {
            logger.warning("--max-connections lowered from \(limits.maxConnections) to \(fitted.maxConnections) to fit the open-file limit of \(descriptors)")
        }
        return fitted
    }

    func run() async throws { try await run(roles: Set(ServiceRole.allCases)) }

    /// Runs `roles` in this process. Fewer than all of them is distributed mode, where the processes
    /// meet in a shared PostgreSQL and RabbitMQ.
    func run(roles: Set<ServiceRole>, apiWorker: APIWorkerRole? = nil) async throws {
        let settings = try await ServeSettings.resolve(self)
        if roles.count < ServiceRole.allCases.count, settings.database.url == nil || settings.transport == nil {
            throw ValidationError(
                "ember \(roles.map(\.rawValue).sorted().joined(separator: " ")) runs beside other processes: give --database-url and --transport-url")
        }
        let logger = LogSetup.bootstrap(level: logLevel)
        let lvm = settings.volumeGroup.map {
            LVMDriver.Configuration(
                volumeGroup: $0, provisioning: settings.lvmType, volumeClear: settings.volumeClear ?? .zero,
                volumeClearBytes: settings.volumeClearSizeMiB == 0 ? nil : UInt64(settings.volumeClearSizeMiB) << 20)
        }
        var configuration = AllInOne.Configuration(
            dataDirectory: settings.dataDir, listenHost: settings.listen.host, listenPort: settings.listen.port,
            hostName: settings.host ?? "\(ProcessInfo.processInfo.hostName)@\(settings.backend.rawValue)",
            reportInterval: .milliseconds(Int(reportInterval * 1000)), volumeClear: settings.volumeClear ?? .none,
            volumeCopyBytesPerSecond: settings.volumeCopyBytesPerSecond == 0 ? nil : UInt64(settings.volumeCopyBytesPerSecond),
            volumeCopyInFlightBytes: settings.volumeCopyInFlightMiB << 20, iscsi: iscsiConfiguration(settings), identity: try identityConfiguration(),
            policyPath: policyFile, lvm: lvm)
        configuration.connectionLimits = try Self.fitToDescriptors(settings.connectionLimits, logger: logger)
        configuration.metadataItemLimit = settings.metadataItemLimit
        configuration.keyManager = try settings.fixedKeyFile.map(Self.fixedKeyManager)
        configuration.database = settings.database
        configuration.transport = settings.transport
        configuration.schedulerHostName = settings.host ?? ProcessInfo.processInfo.hostName
        configuration.apiWorker = apiWorker
        configuration.metricsListen = try metricsListen.map { try ListenAddress($0, option: "--metrics-listen") }
        do {
            try await AllInOne(configuration: configuration, logger: logger).run(roles: roles) { port in
                FileHandle.standardOutput.write(Data("ember: listening on http://\(settings.listen.host):\(port)\n".utf8))
            }
        } catch let fault as Fault {
            // A backend that cannot work (no device-mapper, no volume group, a port taken): its sentence, no status code.
            FileHandle.standardError.write(Data("ember: \(fault.message)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension VolumeClear: ExpressibleByArgument {}
extension LVMDriver.Provisioning: ExpressibleByArgument {}
