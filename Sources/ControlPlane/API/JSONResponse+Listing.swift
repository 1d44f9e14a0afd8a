import Foundation
import HTTPTypes
import Hummingbird

extension JSONResponse {
    /// Rows a listing renders on one thread before it splits them between the cores.
    static let rowsPerRenderer = 250

    /// A listing's `{"<key>": [rows...], <trailer>}` (volumes, snapshots), its rows rendered into
    /// bytes in consecutive slices, one per core once there are enough of them: a page of 1,000
    /// detailed volumes spent 10 ms of CPU on one thread, most of it building and writing the views.
    static func listing<Row: Sendable>(
        _ status: HTTPResponse.Status, key: String, rows: [Row], trailer: JSONObject = [:],
        render: @escaping @Sendable (Row) -> JSONValue
    ) async -> Response {
        let body = await listingBody(key: key, rows: rows, trailer: trailer, render: render)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }

    /// The bytes `listing` answers with: what `JSONWriter` makes of the whole object, rows included.
    static func listingBody<Row: Sendable>(
        key: String, rows: [Row], trailer: JSONObject, render: @escaping @Sendable (Row) -> JSONValue
    ) async -> ByteBuffer {
        let parts = await renderedSlices(rows, render: render)
        var head: [UInt8] = [UInt8(ascii: "{")]
        JSONWriter.writeString(key, into: &head)
        head.append(contentsOf: ":[".utf8)
        var tail: [UInt8] = [UInt8(ascii: "]")]
        for (name, value) in trailer.pairs {
            tail.append(UInt8(ascii: ","))
            JSONWriter.writeMember(name, value, into: &tail)
        }
        tail.append(UInt8(ascii: "}"))
        var body = ByteBuffer()
        body.reserveCapacity(parts.reduce(head.count + tail.count + parts.count) { $0 + $1.count })
        body.writeBytes(head)
        for (index, part) in parts.enumerated() where !part.isEmpty {
            if index > 0 { body.writeInteger(UInt8(ascii: ",")) }
            body.writeBytes(part)
        }
        body.writeBytes(tail)
        return body
    }

    /// The rows' JSON, comma-separated within each slice, the slices in the rows' order.
    private static func renderedSlices<Row: Sendable>(_ rows: [Row], render: @escaping @Sendable (Row) -> JSONValue) async -> [[UInt8]] {
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, rows.count / rowsPerRenderer))
        guard slices > 1 else { return [rendered(rows[...], render: render)] }
        let bounds = (0..<slices).map { rows.count * $0 / slices..<rows.count * ($0 + 1) / slices }
        return await withTaskGroup(of: (Int, [UInt8]).self) { group in
            for (index, range) in bounds.enumerated() {
                group.addTask { (index, rendered(rows[range], render: render)) }
            }
            var parts = [[UInt8]](repeating: [], count: slices)
            for await (index, bytes) in group { parts[index] = bytes }
            return parts
        }
    }

    private static func rendered<Row>(_ rows: ArraySlice<Row>, render: (Row) -> JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 512)
        for (offset, row) in rows.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.write(render(row), into: &out)
        }
        return out
    }
}
