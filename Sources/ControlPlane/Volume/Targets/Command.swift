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
package struct Command: Sendable {
    package var executable: String
    package var arguments: [String]
    /// Arguments whose values must never appear in an error or a log line (CHAP passwords).
    package var secrets: Set<String>
    /// Variables set on top of the inherited environment.
    package var environment: [String: String]

    package init(_ executable: String, _ arguments: [String], secrets: Set<String> = [], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.secrets = secrets
        self.environment = environment
    }

    /// Runs the command and returns its standard output; a non-zero exit is a `CommandError`.
    @discardableResult
    package func run() async throws -> String {
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
                stderr: result.standardError.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result.standardOutput
    }

    /// The first `name` on PATH, or in the sbin directories where Debian puts administration tools.
    package static func locate(_ name: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin"
        for directory in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw Fault(.internalError, "\(name) is not installed")
    }

    /// The command line as it may be logged.
    package var display: String {
        ([executable] + arguments.map { secrets.contains($0) ? "***" : $0 }).joined(separator: " ")
    }
}

/// A command that exited non-zero, with what it wrote to stderr.
package struct CommandError: Error, CustomStringConvertible {
    package var command: String
    package var status: String
    package var stderr: String

    package var description: String { "\(command) failed (\(status)): \(stderr)" }
}
