/// One parsed policy check string, in oslo.policy's language: `role:NAME`, `rule:NAME`,
/// `FIELD:%(target)s` or `FIELD:literal` (compared with the caller's `project_id`, `user_id`),
/// `is_admin:True`, `@` (always), `!` (never), `not`, `and`, `or` and parentheses. An empty string
/// allows everyone, as in oslo.policy.
indirect enum PolicyRule: Sendable, Equatable {
    case always
    case never
    case role(String)
    case rule(String)
    case field(String, String)
    case not(PolicyRule)
    case and(PolicyRule, PolicyRule)
    case or(PolicyRule, PolicyRule)

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

        mutating func orExpression() throws -> PolicyRule {
            var rule = try andExpression()
            while next("or") { rule = .or(rule, try andExpression()) }
            return rule
        }

        mutating func andExpression() throws -> PolicyRule {
            var rule = try notExpression()
            while next("and") { rule = .and(rule, try notExpression()) }
            return rule
        }

        mutating func notExpression() throws -> PolicyRule {
            next("not") ? .not(try notExpression()) : try atom()
        }

        mutating func atom() throws -> PolicyRule {
            guard position < tokens.count else { throw PolicyError("a check string ends too early") }
            let token = tokens[position]
            position += 1
            switch token {
            case "(":
                let rule = try orExpression()
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
public struct PolicyError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
