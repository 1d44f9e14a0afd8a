/// A JSON object as ordered key-value pairs: built without hashing, written in the order it was
/// built (as Cinder's bodies read), compared regardless of order.
///
/// Lookups are linear, which suits the small objects of request bodies; responses only append.
package struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    package private(set) var pairs: [(key: String, value: JSONValue)]

    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(pairs: elements)
    }

    /// Room for a few more members than the literal has: views append their extensions' members
    /// after it, which would otherwise grow (copy) every row's storage once or twice.
    init(pairs elements: [(String, JSONValue)]) {
        pairs = []
        pairs.reserveCapacity(elements.count + 8)
        for (key, value) in elements { pairs.append((key: key, value: value)) }
    }

    package init(_ dictionary: [String: JSONValue]) {
        pairs = dictionary.map { (key: $0.key, value: $0.value) }
    }

    package var count: Int { pairs.count }
    package var keys: [String] { pairs.map(\.key) }
    package var dictionary: [String: JSONValue] {
        Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Reads a member; setting replaces it in place or appends it, and setting nil removes it.
    package subscript(key: String) -> JSONValue? {
        get { pairs.first { $0.key == key }?.value }
        set {
            let index = pairs.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): pairs[index].value = value
            case (let index?, nil): pairs.remove(at: index)
            case (nil, let value?): pairs.append((key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// Adds a member the caller knows is not there yet, without looking for it first: views build
    /// their bodies key by key, thousands of rows a listing.
    package mutating func append(_ key: String, _ value: JSONValue) {
        assert(self[key] == nil, "\(key) is already set")
        pairs.append((key: key, value: value))
    }

    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.dictionary == rhs.dictionary
    }
}
