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
