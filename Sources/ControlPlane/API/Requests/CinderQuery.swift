import Foundation
import Hummingbird
import HummingbirdCore

extension URI {
    /// The query string as Cinder's WSGI layer (webob) reads it: `+` is a space and keys and values are
    /// percent-decoded, so `metadata={'k':+'v'}` from python-cinderclient is `{'k': 'v'}`.
    var cinderQuery: Parameters {
        guard let raw = query, !raw.isEmpty else { return Parameters() }
        return Parameters(
            raw.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (key: Self.formDecoded(parts[0]), value: parts.count > 1 ? Self.formDecoded(parts[1]) : "")
            })
    }

    private static func formDecoded(_ text: Substring) -> Substring {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return (spaced.removingPercentEncoding ?? spaced)[...]
    }
}
