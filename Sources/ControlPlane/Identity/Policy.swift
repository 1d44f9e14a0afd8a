import Foundation
import Yams

/// Who may do what: a rule per API action, as Cinder names them (`volume:create`,
/// `volume_extension:volume_admin_actions:reset_status`, ...), with Cinder's secure-RBAC defaults:
/// readers read their project, members also write, admins do everything everywhere. A policy file
/// (YAML or JSON, `"action": "check string"`) overrides any rule; an action without a rule falls to
/// `default`.
public struct Policy: Sendable {
    private var rules: [String: PolicyRule]

    /// The built-in defaults alone (they are constants, checked by a test to parse).
    public static let standard: Policy = {
        do { return try Policy() } catch { fatalError("Ember's default policy does not parse: \(error)") }
    }()

    /// The defaults, with `overrides` (check strings by rule name) on top.
    public init(overrides: [String: String] = [:]) throws {
        var rules: [String: PolicyRule] = [:]
        for (name, text) in Self.defaults.merging(overrides, uniquingKeysWith: { _, override in override }) {
            do {
                rules[name] = try PolicyRule.parse(text)
            } catch let error as PolicyError {
                throw PolicyError("rule '\(name)': \(error.description)")
            }
        }
        self.rules = rules
    }

    /// Reads a policy file (YAML, of which JSON is a subset).
    public static func load(path: String) throws -> Policy {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw PolicyError("cannot read policy file \(path)") }
        let parsed: Any?
        do {
            parsed = try Yams.load(yaml: text)
        } catch {
            throw PolicyError("policy file \(path) is not YAML or JSON: \(error)")
        }
        guard let mapping = (parsed ?? [String: String]()) as? [String: Any] else { throw PolicyError("policy file \(path) must be a mapping of rule names to check strings") }
        var overrides: [String: String] = [:]
        for (name, value) in mapping {
            guard let text = value as? String else { throw PolicyError("policy file \(path): rule '\(name)' must be a string") }
            overrides[name] = text
        }
        return try Policy(overrides: overrides)
    }

    /// Whether `caller` may perform `action` on something owned by `targetProject` (the caller's own
    /// project when nil).
    public func allows(_ action: String, caller: CallContext, targetProject: String? = nil) -> Bool {
        let target = ["project_id": targetProject ?? caller.projectID, "user_id": caller.userID]
        return evaluate(rules[action] ?? rules["default"] ?? .never, caller: caller, target: target, depth: 0)
    }

    /// Throws Cinder's 403 when the caller may not.
    public func authorize(_ action: String, caller: CallContext, targetProject: String? = nil) throws {
        guard allows(action, caller: caller, targetProject: targetProject) else {
            throw Fault(code: 403, message: "Policy doesn't allow \(action) to be performed.")
        }
    }

    private func evaluate(_ rule: PolicyRule, caller: CallContext, target: [String: String], depth: Int) -> Bool {
        guard depth < 32 else { return false }
        switch rule {
        case .always: return true
        case .never: return false
        case .role(let name): return caller.roles.contains { $0.lowercased() == name }
        case .rule(let name): return rules[name].map { evaluate($0, caller: caller, target: target, depth: depth + 1) } ?? false
        case .field(let field, let value): return Self.match(field, value, caller: caller, target: target)
        case .not(let inner): return !evaluate(inner, caller: caller, target: target, depth: depth + 1)
        case .and(let lhs, let rhs): return evaluate(lhs, caller: caller, target: target, depth: depth + 1) && evaluate(rhs, caller: caller, target: target, depth: depth + 1)
        case .or(let lhs, let rhs): return evaluate(lhs, caller: caller, target: target, depth: depth + 1) || evaluate(rhs, caller: caller, target: target, depth: depth + 1)
        }
    }

    private static func match(_ field: String, _ value: String, caller: CallContext, target: [String: String]) -> Bool {
        let expected: String?
        if value.hasPrefix("%("), value.hasSuffix(")s") {
            expected = target[String(value.dropFirst(2).dropLast(2))]
        } else {
            expected = value
        }
        switch field {
        case "is_admin": return (expected?.lowercased() == "true") == caller.isAdmin
        case "project_id": return expected == caller.projectID
        case "user_id": return expected == caller.userID
        default: return false
        }
    }
}
