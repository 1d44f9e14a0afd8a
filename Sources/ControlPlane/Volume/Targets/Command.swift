import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
import EmberModel
#endif

/// Runs an administration command (tgtadm, lvm) from an argv array, never through a shell.
///
/// A failure keeps the command's stderr, so the log says why, but never the values of arguments
/// marked secret: they are shown as `***`.
public struct Command: Sendable {
    public var executable: String
    public var arguments: [String]
    /// Arguments whose values must never appear in an error or a log line (CHAP passwords).
    public var secrets: Set<String>
    /// Variables set on top of the inherited environment.
    public var environment: [String: String]

    public init(_ executable: String, _ arguments: [String], secrets: Set<String> = [], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.secrets = secrets
        self.environment = environment
    }

    /// Runs the command and returns its standard output; a non-zero exit is a `CommandError`.
    @discardableResult
    public func run() async throws -> String {
        let result = try await Subprocess.run(
            .path(FilePath(try Self.locate(executable))), arguments: Arguments(arguments),
            environment: .inherit.updating(
                Dictionary(
                    uniqueKeysWithValues: environment.compactMap { key, value in
                        Environment.Key(rawValue: key).map { ($0, Optional(value)) }
                    })),
            output: .string(limit: 1 << 20), error: .string(limit: 1 << 16))
        guard case .exited(0) = result.terminationStatus else {
            throw CommandError(
                command: display, status: "\(result.terminationStatus)",
                stderr: (result.standardError ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result.standardOutput ?? ""
    }

    /// The first `name` on PATH, or in the sbin directories where Debian puts administration tools.
    public static func locate(_ name: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin"
        for directory in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw Fault(.internalError, "\(name) is not installed")
    }

    /// The command line as it may be logged.
    public var display: String {
        ([executable] + arguments.map { secrets.contains($0) ? "***" : $0 }).joined(separator: " ")
    }
}

/// A command that exited non-zero, with what it wrote to stderr.
public struct CommandError: Error, CustomStringConvertible {
    public var command: String
    public var status: String
    public var stderr: String

    public var description: String { "\(command) failed (\(status)): \(stderr)" }
}
