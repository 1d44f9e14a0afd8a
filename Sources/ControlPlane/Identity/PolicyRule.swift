/// One parsed policy check string, in oslo.policy's language: `role:NAME`, `rule:NAME`,
/// `FIELD:%(target)s` or `FIELD:literal` (compared with the caller's `project_id`, `user_id`),
/// `is_admin:True`, `@` (always), `!` (never), `not`, `and`, `or` and parentheses. An empty string
/// allows everyone, as in oslo.policy. `and` and `or` hold their whole chain, and parentheses and
/// `not` nest at most `maximumNesting` deep, so no check string can exhaust the stack.
indirect enum PolicyRule: Sendable, Equatable {
    case always
    case never
    case role(String)
    case rule(String)
    case field(String, String)
    case not(PolicyRule)
    case and([PolicyRule])
    case or([PolicyRule])

    static let maximumNesting = 32

    /// The rules this one names with `rule:`.
    var references: [String] {
        switch self {
        case .rule(let name): [name]
        case .not(let inner): inner.references
        case .and(let rules), .or(let rules): rules.flatMap(\.references)
        case .always, .never, .role, .field: []
        }
    }

    static func parse(_ text: String) throws -> PolicyRule {
        var parser = Parser(tokens: tokenize(text))
        guard !parser.tokens.isEmpty else { return .always }
        let rule = try parser.orExpression()
        guard parser.position == parser.tokens.count else { throw PolicyError("unexpected '\(parser.tokens[parser.position])' in '\(text)'") }
        return rule
    }

    /// Words and parentheses; a `%(name)s` substitution stays inside its word.
    private static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var inSubstitution = false
        for character in text {
            if inSubstitution {
                current.append(character)
                if character == ")" { inSubstitution = false }
            } else if character == "(", current.hasSuffix("%") {
                current.append(character)
                inSubstitution = true
            } else if character == "(" || character == ")" || character.isWhitespace {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                if !character.isWhitespace { tokens.append(String(character)) }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    private struct Parser {
        let tokens: [String]
        var position = 0

        var depth = 0

        mutating func orExpression() throws -> PolicyRule {
            var rules = [try andExpression()]
            while next("or") { rules.append(try andExpression()) }
            return rules.count == 1 ? rules[0] : .or(rules)
        }

        mutating func andExpression() throws -> PolicyRule {
            var rules = [try notExpression()]
            while next("and") { rules.append(try notExpression()) }
            return rules.count == 1 ? rules[0] : .and(rules)
        }

        mutating func notExpression() throws -> PolicyRule {
            guard next("not") else { return try atom() }
            return .not(try nested { try $0.notExpression() })
        }

        /// One level deeper, refused past the nesting limit.
        mutating func nested(_ body: (inout Parser) throws -> PolicyRule) throws -> PolicyRule {
            depth += 1
            defer { depth -= 1 }
            guard depth <= PolicyRule.maximumNesting else {
                throw PolicyError("parentheses and 'not' nest more than \(PolicyRule.maximumNesting) deep")
            }
            return try body(&self)
        }

        mutating func atom() throws -> PolicyRule {
            guard position < tokens.count else { throw PolicyError("a check string ends too early") }
            let token = tokens[position]
            position += 1
            switch token {
            case "(":
                let rule = try nested { try $0.orExpression() }
                guard next(")") else { throw PolicyError("missing ')'") }
                return rule
            case "@": return .always
            case "!": return .never
            default:
                guard let colon = token.firstIndex(of: ":") else { throw PolicyError("'\(token)' is not KIND:VALUE") }
                let kind = String(token[..<colon])
                let value = String(token[token.index(after: colon)...])
                switch kind {
                case "role": return .role(value.lowercased())
                case "rule": return .rule(value)
                default: return .field(kind, value)
                }
            }
        }

        mutating func next(_ word: String) -> Bool {
            guard position < tokens.count, tokens[position] == word else { return false }
            position += 1
            return true
        }
    }
}

/// A policy file or check string that cannot be used.
package struct PolicyError: Error, CustomStringConvertible, Sendable {
    package var description: String
    init(_ description: String) { self.description = description }
}
