/// Cinder's extra-spec values as a matcher: the scheduler holds host capabilities against a type's
/// specs with it, and the API reads a type's `multiattach` spec with it.
package enum ExtraSpec {
    /// Cinder's spec syntax for the operators that make sense here: `<is> True`, `<in> text`, or plain equality.
    package static func matches(_ reported: String, _ wanted: String) -> Bool {
        let words = wanted.split(separator: " ", maxSplits: 1).map(String.init)
        switch (words.first, words.count) {
        case ("<is>", 2): return reported.lowercased() == words[1].lowercased()
        case ("<in>", 2): return reported.contains(words[1])
        case ("s==", 2): return reported == words[1]
        default: return reported.lowercased() == wanted.lowercased() || reported == wanted
        }
    }
}
