import CShims
#if canImport(Glibc)
import Glibc
#endif

/// The allocated (data) ranges of a file, from SEEK_DATA / SEEK_HOLE. Holes read as zeroes.
enum Extents {
    /// Data ranges within `limit`, widened to `alignment`. A device without a sparse map is all data.
    static func data(of device: Device, limit: UInt64, alignment: Int) -> [Range<UInt64>] {
        guard device.capabilities.sparseMap, device.kind == .file else { return limit > 0 ? [0..<limit] : [] }
        var ranges: [Range<UInt64>] = []
        var position: Int64 = 0
        while UInt64(position) < limit {
            let start = ember_seek_data(device.bufferedFD, position)
            if start < 0 { break }  // ENXIO: only a hole remains
            var end = ember_seek_hole(device.bufferedFD, start)
            if end < 0 { end = Int64(limit) }
            let align = UInt64(alignment)
            let low = UInt64(start) / align * align
            let high = min(limit, (UInt64(end) + align - 1) / align * align)
            if let last = ranges.last, last.upperBound >= low {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, high)
            } else if low < high {
                ranges.append(low..<high)
            }
            position = end
        }
        return ranges
    }

    /// Whether a file has no data at all: a fresh sparse file that reads as zeroes.
    static func isAllHole(_ device: Device) -> Bool {
        device.kind == .file && device.capabilities.sparseMap && ember_seek_data(device.bufferedFD, 0) < 0 && errno == ENXIO
    }
}
