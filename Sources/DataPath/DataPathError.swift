/// Why a data-path operation could not be done. Every case reads as one sentence for the operator.
public enum DataPathError: Error, Equatable, CustomStringConvertible {
    case open(path: String, errno: Int32)
    case notFileOrBlockDevice(path: String)
    case destinationTooSmall(source: UInt64, destination: UInt64)
    case io(operation: String, path: String, offset: UInt64, errno: Int32)
    case shortTransfer(operation: String, path: String, offset: UInt64, expected: Int, got: Int)
    case cancelled(bytesDone: UInt64)
    case verificationFailed(source: UInt64, destination: UInt64)
    case unsupported(method: String, reason: String)
    case engine(String)

    public var description: String {
        switch self {
        case .open(let path, let errno): "cannot open \(path): \(SystemError.message(errno))"
        case .notFileOrBlockDevice(let path): "\(path) is neither a regular file nor a block device"
        case .destinationTooSmall(let source, let destination):
            "the destination (\(destination) bytes) is smaller than the source (\(source) bytes)"
        case .io(let operation, let path, let offset, let errno):
            "\(operation) failed on \(path) at offset \(offset): \(SystemError.message(errno))"
        case .shortTransfer(let operation, let path, let offset, let expected, let got):
            "\(operation) on \(path) at offset \(offset) moved \(got) of \(expected) bytes"
        case .cancelled(let done): "cancelled after \(done) bytes"
        case .verificationFailed(let source, let destination):
            "verification failed: source checksum \(String(source, radix: 16)) != destination checksum \(String(destination, radix: 16))"
        case .unsupported(let method, let reason): "method \(method) cannot be used: \(reason)"
        case .engine(let message): message
        }
    }
}
