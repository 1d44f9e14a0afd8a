import CShims

#if canImport(Glibc)
import Glibc
#endif

/// The allocated (data) ranges of a device, from SEEK_DATA / SEEK_HOLE on its sparse map (the file
/// itself, or a loop device's backing file). Holes read as zeroes.
enum Extents {
    /// Data ranges within `limit`, widened to `alignment`. A device without a sparse map is all data.
    static func data(of device: Device, limit: UInt64, alignment: Int) -> [Range<UInt64>] {
        guard let map = readyMap(device) else { return limit > 0 ? [0..<limit] : [] }
        var ranges: [Range<UInt64>] = []
        let end = map.offset + limit
        var position = map.offset
        let align = UInt64(alignment)
        while position < end {
            let start = ember_seek_data(map.fd, Int64(position))
            if start < 0 || UInt64(start) >= end { break }  // ENXIO: only a hole remains
            let stop = ember_seek_hole(map.fd, start)
            let dataEnd = stop < 0 ? end : min(UInt64(stop), end)
            let low = (UInt64(start) - map.offset) / align * align
            let high = min(limit, (dataEnd - map.offset + align - 1) / align * align)
            if let last = ranges.last, last.upperBound >= low {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, high)
            } else if low < high {
                ranges.append(low..<high)
            }
            position = dataEnd
        }
        return ranges
    }

    /// Whether a device has no data at all: a fresh sparse file, or a loop device over one, that
    /// reads as zeroes.
    static func isAllHole(_ device: Device) -> Bool {
        guard let map = readyMap(device) else { return false }
        let start = ember_seek_data(map.fd, Int64(map.offset))
        return (start < 0 && errno == ENXIO) || (start >= 0 && UInt64(start) >= map.offset + device.size)
    }

    /// The device's sparse map, after a loop device's cached writes have reached its backing file.
    private static func readyMap(_ device: Device) -> SparseMap? {
        guard let map = device.sparseMap else { return nil }
        if map.flushesDevice, fsync(device.bufferedFD) != 0 { return nil }
        return map
    }
}
