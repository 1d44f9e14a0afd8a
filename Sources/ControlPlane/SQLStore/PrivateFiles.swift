import Foundation

/// The data dir holds the database (CHAP secrets, password hashes), the token and secret keys and
/// clouds.yaml: nobody but its owner may read any of it. The directory is 0700 and everything in it
/// 0600 (directories 0700), whatever the umask was, and a data dir made by an older release is
/// tightened the same way when it is opened.
package enum PrivateFiles {
    /// Creates `directory` if needed and takes every permission but the owner's off it and its contents.
    /// Symbolic links are left alone, never followed.
    package static func secure(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try tighten(directory)
    }

    private static func tighten(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            try restrict(path, info.st_mode, to: 0o700)
            for name in try FileManager.default.contentsOfDirectory(atPath: path) { try tighten(path + "/" + name) }
        case S_IFREG:
            try restrict(path, info.st_mode, to: 0o600)
        default:
            return
        }
    }

    private static func restrict(_ path: String, _ mode: mode_t, to allowed: mode_t) throws {
        let wanted = mode & allowed & 0o7777
        guard mode & 0o7777 != wanted else { return }
        guard chmod(path, wanted) == 0 else {
            throw StoreError.unusable("Cannot make \(path) private: \(String(cString: strerror(errno))).")
        }
    }
}
