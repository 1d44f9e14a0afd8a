import Foundation
import Testing

@testable import EmberIdentity
@testable import EmberModel

/// A policy file written for Cinder must mean the same to Ember: every rule Ember checks carries
/// Cinder 29's name (from `cinder/policies/*.py`), or Keystone's for the identity API.
@Suite("Policy rule names are Cinder's")
struct PolicyNameTests {
    /// Cinder 29's names of the rules Ember checks, each as written in `cinder/policies/`.
    static let cinderNames: Set<String> = [
        // volume.py
        "volume:create", "volume:get", "volume:get_all", "volume:update", "volume:delete", "volume:force_delete",
        "volume_extension:volume_host_attribute", "volume_extension:volume_tenant_attribute",
        // volume_actions.py
        "volume:extend", "volume:revert_to_snapshot", "volume:update_readonly_flag",
        "volume_extension:volume_actions:initialize_connection", "volume_extension:volume_actions:terminate_connection",
        "volume_extension:volume_actions:attach", "volume_extension:volume_actions:detach",
        "volume_extension:volume_actions:reserve", "volume_extension:volume_actions:unreserve",
        "volume_extension:volume_actions:begin_detaching", "volume_extension:volume_actions:roll_detaching",
        "volume_extension:volume_admin_actions:reset_status", "volume_extension:volume_admin_actions:force_delete",
        "volume_extension:volume_admin_actions:force_detach",
        // volume_metadata.py, snapshots.py, snapshot_metadata.py, snapshot_actions.py
        "volume:get_volume_metadata", "volume:create_volume_metadata", "volume:update_volume_metadata",
        "volume:delete_volume_metadata", "volume:get_snapshot", "volume:get_all_snapshots", "volume:create_snapshot",
        "volume:update_snapshot", "volume:delete_snapshot", "volume:get_snapshot_metadata",
        "volume:update_snapshot_metadata", "volume:delete_snapshot_metadata",
        "volume_extension:snapshot_admin_actions:reset_status", "volume_extension:snapshot_admin_actions:force_delete",
        // attachments.py
        "volume:attachment_create", "volume:attachment_update", "volume:attachment_delete", "volume:attachment_complete",
        // volume_type.py, type_extra_specs.py, volume_access.py
        "volume_extension:type_get", "volume_extension:type_get_all", "volume_extension:type_create",
        "volume_extension:type_update", "volume_extension:type_delete", "volume_extension:types_extra_specs:index",
        "volume_extension:types_extra_specs:show", "volume_extension:types_extra_specs:create",
        "volume_extension:types_extra_specs:update", "volume_extension:types_extra_specs:delete",
        "volume_extension:volume_type_access:get_all_for_type", "volume_extension:volume_type_access:addProjectAccess",
        "volume_extension:volume_type_access:removeProjectAccess",
        // quotas.py, limits.py, services.py, scheduler_stats.py, workers.py
        "volume_extension:quotas:show", "volume_extension:quotas:update", "volume_extension:quotas:delete",
        "limits_extension:used_limits", "volume_extension:services:index", "scheduler_extension:scheduler_stats:get_pools",
        "volume_extension:services:update", "volume:freeze_host", "volume:thaw_host", "workers:cleanup",
        // hosts.py, capabilities.py, volume_actions.py, volume.py, snapshot_actions.py
        "volume_extension:hosts", "volume_extension:capabilities", "volume_extension:volume_actions:upload_image", "volume:retype",
        "snapshot_extension:snapshot_actions:update_snapshot_status",
        // volume_transfer.py
        "volume:create_transfer", "volume:accept_transfer", "volume:delete_transfer", "volume:get_transfer", "volume:get_all_transfers",
        // volume_type.py (encryption)
        "volume_extension:volume_type_encryption:create", "volume_extension:volume_type_encryption:get",
        "volume_extension:volume_type_encryption:update", "volume_extension:volume_type_encryption:delete",
        // quota_class.py
        "volume_extension:quota_classes:get", "volume_extension:quota_classes:update",
        // group_types.py, groups.py, group_actions.py, group_snapshots.py, group_snapshot_actions.py
        "group:group_types:create", "group:group_types:update", "group:group_types:delete", "group:group_types_specs:get",
        "group:group_types_specs:get_all", "group:group_types_specs:create", "group:group_types_specs:update", "group:group_types_specs:delete",
        "group:get", "group:get_all", "group:create", "group:update", "group:delete", "group:reset_status", "group:get_group_snapshot",
        "group:get_all_group_snapshots", "group:create_group_snapshot", "group:delete_group_snapshot", "group:reset_group_snapshot_status",
        "volume:reimage", "volume_extension:volume_admin_actions:extend_volume_completion",
        // default_types.py
        "volume_extension:default_set_or_update", "volume_extension:default_get", "volume_extension:default_get_all",
        "volume_extension:default_unset",
        // messages.py
        "message:get", "message:get_all", "message:delete",
        // manageable_volumes.py, manageable_snapshots.py
        "volume_extension:volume_manage", "volume_extension:volume_unmanage", "snapshot_extension:snapshot_manage",
        "snapshot_extension:snapshot_unmanage",
        // qos_specs.py
        "volume_extension:qos_specs_manage:create", "volume_extension:qos_specs_manage:get", "volume_extension:qos_specs_manage:get_all",
        "volume_extension:qos_specs_manage:update", "volume_extension:qos_specs_manage:delete",
    ]

    /// Rules that only name other rules, as in Cinder's base.py.
    static let baseRules: Set<String> = Set(Policy.base.keys)

    @Test func everyDefaultRuleIsNamedAsInCinderOrKeystone() {
        let checked = Set(Policy.defaults.keys).subtracting(Self.baseRules)
        // Keystone's names, and `ember:` for Ember's own resources beside Cinder's (`/operations`).
        let unknown = checked.filter { !$0.hasPrefix("identity:") && !$0.hasPrefix("ember:") }.subtracting(Self.cinderNames)
        #expect(unknown.isEmpty, "not Cinder 29 names: \(unknown.sorted())")
        #expect(Self.cinderNames.subtracting(checked).isEmpty, "listed but without a default: \(Self.cinderNames.subtracting(checked).sorted())")
    }

    /// Every action string a route authorizes with is one of the defaults (else it would fall to the
    /// admin-only default silently). Read from the routes' source, where the names are written.
    @Test func everyActionTheRoutesCheckHasADefault() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let routes = root.appendingPathComponent("Sources/ControlPlane/API")
        let pattern = try Regex(#""((?:volume|volume_extension|limits_extension|scheduler_extension|snapshot_extension|message|group|identity):[A-Za-z_:]+)""#)
        var found: Set<String> = []
        let files = FileManager.default.enumerator(at: routes, includingPropertiesForKeys: nil)?.allObjects.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "swift" {
            guard !file.lastPathComponent.hasPrefix("OpenAPI") else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) { found.insert(String(match.output[1].substring ?? "")) }
        }
        #expect(found.count > 40, "the scan found the routes' actions")
        let missing = found.filter { !$0.hasSuffix(":") }.subtracting(Policy.defaults.keys)
        #expect(missing.isEmpty, "checked without a default: \(missing.sorted())")
    }

    @Test func aCinderPolicyFileOverridesTheSnapshotAdminActions() throws {
        let policy = try Policy(overrides: ["volume_extension:snapshot_admin_actions:reset_status": "role:member"])
        let member = CallContext(requestID: "r", userID: "u", projectID: "p", roles: ["member"])
        #expect(policy.allows("volume_extension:snapshot_admin_actions:reset_status", caller: member))
    }
}

@Suite("Policy check strings cannot exhaust the stack")
struct PolicyDepthTests {
    static let member = CallContext(requestID: "r", userID: "u", projectID: "p", roles: ["member"])

    @Test func nestingPastTheLimitIsRefusedWhenParsed() throws {
        let deep = String(repeating: "(", count: 10_000) + "role:member" + String(repeating: ")", count: 10_000)
        #expect(throws: PolicyError.self) { try Policy(overrides: ["x": deep]) }
        let nots = String(repeating: "not ", count: 10_000) + "role:member"
        #expect(throws: PolicyError.self) { try Policy(overrides: ["x": nots]) }
        let fine = String(repeating: "(", count: 30) + "role:member" + String(repeating: ")", count: 30)
        #expect(try Policy(overrides: ["x": fine]).allows("x", caller: Self.member))
    }

    @Test func aLongChainEvaluatesWholly() throws {
        let chain = (0..<5_000).map { "role:r\($0)" }.joined(separator: " or ") + " or role:member"
        #expect(try Policy(overrides: ["x": chain]).allows("x", caller: Self.member))
        let all = (0..<5_000).map { _ in "role:member" }.joined(separator: " and ")
        #expect(try Policy(overrides: ["x": all]).allows("x", caller: Self.member))
    }

    @Test func aRuleThatReachesItselfIsRefusedAtLoad() {
        #expect(throws: PolicyError.self) { try Policy(overrides: ["x": "rule:y", "y": "rule:x or rule:y"]) }
        #expect(throws: PolicyError.self) { try Policy(overrides: ["x": "rule:x"]) }
    }

    @Test func rulesNamedManyTimesOverAreDecidedOnce() throws {
        // 40 levels, each naming the next twice: 2^40 evaluations without memoising.
        var overrides = (0..<40).reduce(into: [String: String]()) { $0["r\($1)"] = "rule:r\($1 + 1) or rule:r\($1 + 1)" }
        overrides["r40"] = "role:member"
        let policy = try Policy(overrides: overrides)
        #expect(policy.allows("r0", caller: Self.member))
    }
}
