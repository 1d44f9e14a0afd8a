import CShims

#if canImport(Glibc)
import Glibc
#endif

/// Makes the destination a copy of the source as cheaply as the backend allows: a reflink (shared
/// extents) between files on XFS or btrfs, else a copy.
public enum Clone {
    public static func run(from source: Device, to destination: Device, options: TransferOptions = TransferOptions()) throws -> OperationReport {
        guard destination.size >= source.size else {
            throw DataPathError.destinationTooSmall(source: source.size, destination: destination.size)
        }
        if source.kind == .file, destination.kind == .file, destination.size == source.size {
            let meter = TransferMeter(total: source.size, options: options)
            if ember_ficlone(destination.bufferedFD, source.bufferedFD) == 0 {
                meter.advance(source.size, moved: false)
                return meter.report(operation: "clone", method: "reflink", engine: nil, directIO: false)
            }
        }
        var report = try Copy.run(from: source, to: destination, options: options)
        report.operation = "clone"
        return report
    }
}
