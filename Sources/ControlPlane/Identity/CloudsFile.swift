import EmberModel
import Foundation

/// `DATA_DIR/clouds.yaml` (mode 0600): cloud `ember`, so that
/// `OS_CLIENT_CONFIG_FILE=DIR/clouds.yaml openstack --os-cloud ember ...` works as the admin.
///
/// Written when the admin password is known (first start, or a new `--admin-password`); on a later
/// start only the `auth_url` line is brought up to date, since the password is kept only as a hash.
package enum CloudsFile {
    package static func path(dataDirectory: String) -> String { dataDirectory + "/clouds.yaml" }

    package static func write(dataDirectory: String, authURL: String, password: String) throws {
        let text = """
            # Written by ember serve: the admin's credentials for openstackclient and cinderclient.
            # OS_CLIENT_CONFIG_FILE=\(path(dataDirectory: dataDirectory)) openstack --os-cloud ember volume list
            clouds:
              ember:
                auth:
                  auth_url: \(authURL)
                  username: admin
                  password: \(quoted(password))
                  project_name: admin
                  user_domain_name: Default
                  project_domain_name: Default
                identity_api_version: 3
                volume_api_version: 3
                region_name: RegionOne
                interface: public

            """
        try save(text, dataDirectory: dataDirectory)
    }

    /// Points an existing file at the current address; does nothing when there is no file.
    package static func updateAuthURL(dataDirectory: String, authURL: String) throws {
        let file = path(dataDirectory: dataDirectory)
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("auth_url:") else { return String(line) }
            return String(line.prefix(line.count - trimmed.count)) + "auth_url: \(authURL)"
        }
        try save(lines.joined(separator: "\n"), dataDirectory: dataDirectory)
    }

    /// YAML single quotes, so any password survives.
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    private static func save(_ text: String, dataDirectory: String) throws {
        let file = path(dataDirectory: dataDirectory)
        let temporary = file + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
            rename(temporary, file) == 0
        else { throw Fault(.internalError, "Cannot write \(file).") }
    }
}
