#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which call, on which path, and errno's text.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public var call: String
    public var path: String
    public var errno: Int32

    public init(_ call: String, path: String, errno: Int32 = Glibc.errno) {
        self.call = call
        self.path = path
        self.errno = errno
    }

    public var description: String { "\(call) \(path): \(Self.message(errno))" }

    static func message(_ errno: Int32) -> String { String(cString: strerror(errno)) }
}
