#if canImport(Glibc)
import Glibc
#endif

/// Raw backing files that read as zeroes without allocating space: the file backend's volumes.
public enum SparseFile {
    /// Creates `path` as a sparse file of `bytes` bytes, mode 0600.
    ///
    /// Idempotent for a redelivered request: an existing file of the same size is accepted; one of
    /// another size is an error, never silently resized.
    public static func create(at path: String, bytes: UInt64) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            let err = errno
            if err == EEXIST, let existing = try? size(of: path), existing == bytes { return }
            throw SystemError("open", path: path, errno: err)
        }
        defer { close(fd) }
        if ftruncate(fd, off_t(bytes)) != 0 {
            let err = errno
            unlink(path)
            throw SystemError("ftruncate", path: path, errno: err)
        }
    }

    /// Removes `path`; a file that is already gone is not an error, so a retried delete succeeds.
    /// Returns whether a file was removed.
    /// Grows the file at `path` to `bytes` (the new range reads as zeroes and allocates nothing).
    /// Never shrinks: a smaller size is an error, and the same size does nothing.
    public static func grow(at path: String, to bytes: UInt64) throws {
        let current = try size(of: path)
        guard bytes >= current else { throw DataPathError.destinationTooSmall(source: current, destination: bytes) }
        guard bytes > current else { return }
        guard truncate(path, off_t(bytes)) == 0 else { throw SystemError("truncate", path: path) }
    }

    /// Renames a file, durably: the directory entry is synced, so a crash after this returns keeps it.
    public static func rename(_ path: String, to destination: String) throws {
        guard Glibc.rename(path, destination) == 0 else { throw SystemError("rename", path: path) }
        let directory = String(destination[..<(destination.lastIndex(of: "/") ?? destination.startIndex)])
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = fsync(fd)
    }

    @discardableResult
    public static func remove(at path: String) throws -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw SystemError("unlink", path: path)
    }

    /// The apparent size of a regular file.
    public static func size(of path: String) throws -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SystemError("stat", path: path) }
        return UInt64(info.st_size)
    }

    /// The bytes a file really occupies on its filesystem.
    public static func allocatedBytes(of path: String) throws -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SystemError("stat", path: path) }
        return UInt64(info.st_blocks) * 512
    }
}
