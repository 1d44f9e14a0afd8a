import Foundation
import Testing

@testable import EmberAPI

@Suite("JSON writing, ordered objects and UUID text")
struct JSONTests {
    @Test(arguments: ["plain", "quote \" and backslash \\", "new\nline\ttab\r", "\u{01}\u{1f}", "ünïcødé ✓ 🚀", ""])
    func stringsSurviveARoundTrip(_ text: String) throws {
        let value: JSONValue = ["k": .string(text), "list": [1, true, nil, .double(1.5)]]
        let bytes = JSONWriter.bytes(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) == value)
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        #expect(parsed?["k"] as? String == text)
    }

    @Test func objectsKeepTheirOrderAndCompareWithoutIt() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["c"] = 3
        object["b"] = 4
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        #expect(String(decoding: JSONWriter.bytes(.object(object)), as: UTF8.self) == #"{"b":4,"c":3}"#)
        #expect(JSONValue.object(object) == ["c": 3, "b": 4])
        #expect(JSONValue.object(object) != ["c": 3, "b": 5])
    }

    /// Ember's ids come from the system's generator: version 4, RFC 4122's variant, each different.
    @Test func randomUUIDsAreVersionFourAndDistinct() {
        let ids = (0..<2_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let text = id.key
            #expect(Array(text)[14] == "4", "\(text)")
            #expect("89ab".contains(Array(text)[19]), "\(text)")
            #expect(UUID(uuidString: text) == id)
        }
    }

    @Test func uuidTextMatchesFoundationBothWays() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.key == id.uuidString.lowercased())
            #expect(UUID(key: id.key) == id)
            #expect(UUID(key: id.uuidString) == id)
        }
        for bad in [
            "", "not-a-uuid", "0123456789abcdef0123456789abcdef0123", "01234567-89ab-cdef-0123-456789abcdeg",
            "01234567-89ab-cdef-0123-456789abcdef0", "01234567+89ab-cdef-0123-456789abcdef",
        ] {
            #expect(UUID(key: bad) == nil, "\(bad)")
        }
    }

    /// A listing's body is rendered in slices on several cores once it has enough rows; whatever
    /// the count, its bytes are those of the whole object written at once, rows in their order.
    @Test(arguments: [0, 1, 2, JSONResponse.rowsPerRenderer * 2 - 1, JSONResponse.rowsPerRenderer * 4 + 3])
    func aListingInSlicesIsTheWholeObjectsBytes(_ count: Int) async {
        let rows = Array(0..<count)
        let render: @Sendable (Int) -> JSONValue = { ["n": .int($0), "text": .string("row \($0) \"quoted\"")] }
        let trailer: JSONObject = ["count": .int(count), "links": [["rel": "next"]]]
        let body = await JSONResponse.listingBody(key: "rows", rows: rows, trailer: trailer, render: render)
        var whole: JSONObject = ["rows": .array(rows.map(render))]
        for (key, value) in trailer.pairs { whole.append(key, value) }
        #expect(Array(body.readableBytesView) == JSONWriter.bytes(.object(whole)))
        let bare = await JSONResponse.listingBody(key: "rows", rows: rows, trailer: [:], render: render)
        #expect(Array(bare.readableBytesView) == JSONWriter.bytes(["rows": .array(rows.map(render))]))
    }
}
