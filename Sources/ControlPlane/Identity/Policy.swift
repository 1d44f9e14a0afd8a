package import EmberModel
import Foundation
import Yams

/// Who may do what: a rule per API action, as Cinder names them (`volume:create`,
/// `volume_extension:volume_admin_actions:reset_status`, ...), with Cinder's secure-RBAC defaults:
/// readers read their project, members also write, admins do everything everywhere. A policy file
/// (YAML or JSON, `"action": "check string"`) overrides any rule; an action without a rule falls to
/// `default`.
package struct Policy: Sendable {
    private var rules: [String: PolicyRule]

    /// The built-in defaults alone (they are constants, checked by a test to parse).
    package static let standard: Policy = {
        do { return try Policy() } catch { fatalError("Ember's default policy does not parse: \(error)") }
    }()

    /// The defaults, with `overrides` (check strings by rule name) on top.
    package init(overrides: [String: String] = [:]) throws {
        var rules: [String: PolicyRule] = [:]
        for (name, text) in Self.defaults.merging(overrides, uniquingKeysWith: { _, override in override }) {
            do {
                rules[name] = try PolicyRule.parse(text)
            } catch let error as PolicyError {
                throw PolicyError("rule '\(name)': \(error.description)")
            }
        }
        self.rules = rules
        try Self.refuseCycles(rules)
    }

    /// A rule that reaches itself through `rule:` references can never be decided; refused at load.
    private static func refuseCycles(_ rules: [String: PolicyRule]) throws {
        var done: Set<String> = []
        func visit(_ name: String, _ path: [String]) throws {
            if path.contains(name) { throw PolicyError("rule '\(name)' refers to itself: \((path + [name]).joined(separator: " -> "))") }
            guard !done.contains(name), let rule = rules[name] else { return }
            for next in rule.references { try visit(next, path + [name]) }
            done.insert(name)
        }
        for name in rules.keys.sorted() { try visit(name, []) }
    }

    /// Reads a policy file (YAML, of which JSON is a subset).
    package static func load(path: String) throws -> Policy {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw PolicyError("cannot read policy file \(path)") }
        let parsed: Any?
        do {
            parsed = try Yams.load(yaml: text)
        } catch {
            throw PolicyError("policy file \(path) is not YAML or JSON: \(error)")
        }
        guard let mapping = (parsed ?? [String: String]()) as? [String: Any] else {
            throw PolicyError("policy file \(path) must be a mapping of rule names to check strings")
        }
        var overrides: [String: String] = [:]
        for (name, value) in mapping {
            guard let text = value as? String else { throw PolicyError("policy file \(path): rule '\(name)' must be a string") }
            overrides[name] = text
        }
        return try Policy(overrides: overrides)
    }

    /// Whether `caller` may perform `action` on something owned by `targetProject` (the caller's own
    /// project when nil).
    package func allows(_ action: String, caller: CallContext, targetProject: String? = nil) -> Bool {
        var evaluation = Evaluation(
            rules: rules, caller: caller,
            target: ["project_id": targetProject ?? caller.projectID, "user_id": caller.userID])
        return evaluation.decide(rules[action] ?? rules["default"] ?? .never)
    }

    /// Throws a forbidden fault when the caller may not.
    package func authorize(_ action: String, caller: CallContext, targetProject: String? = nil) throws {
        guard allows(action, caller: caller, targetProject: targetProject) else {
            throw Fault(.forbidden, "Policy doesn't allow \(action) to be performed.")
        }
    }

    static func match(_ field: String, _ value: String, caller: CallContext, target: [String: String]) -> Bool {
        let expected: String?
        if value.hasPrefix("%("), value.hasSuffix(")s") {
            expected = target[String(value.dropFirst(2).dropLast(2))]
        } else {
            expected = value
        }
        switch field {
        case "is_admin": return (expected?.lowercased() == "true") == caller.isAdmin
        // A system-scoped caller owns no project: only its roles can let it act (Cinder 29's rules).
        case "project_id": return caller.systemScope == nil && expected == caller.projectID
        case "user_id": return expected == caller.userID
        case "system_scope": return caller.systemScope != nil && expected == caller.systemScope
        default: return false
        }
    }
}

/// One decision: each named rule is decided at most once (a policy whose rules name each other many
/// times over stays linear), and a rule met again while it is being decided fails closed.
private struct Evaluation {
    let rules: [String: PolicyRule]
    let caller: CallContext
    let target: [String: String]
    var decided: [String: Bool] = [:]
    var deciding: Set<String> = []

    init(rules: [String: PolicyRule], caller: CallContext, target: [String: String]) {
        self.rules = rules
        self.caller = caller
        self.target = target
    }

    mutating func decide(_ rule: PolicyRule) -> Bool {
        switch rule {
        case .always: return true
        case .never: return false
        case .role(let name): return caller.roles.contains { $0.lowercased() == name }
        case .rule(let name): return decide(named: name)
        case .field(let field, let value): return Policy.match(field, value, caller: caller, target: target)
        case .not(let inner): return !decide(inner)
        case .and(let all): return all.allSatisfy { decide($0) }
        case .or(let any): return any.contains { decide($0) }
        }
    }

    private mutating func decide(named name: String) -> Bool {
        if let known = decided[name] { return known }
        guard let rule = rules[name], deciding.insert(name).inserted else { return false }
        let result = decide(rule)
        deciding.remove(name)
        decided[name] = result
        return result
    }
}
