/// Cinder's secure-RBAC defaults for the actions Ember serves. Base rules first; every action names
/// one of them. An action missing here falls to `default`, which is admin only.
extension Policy {
    static let defaults: [String: String] = base.merging(readers.mapValues { _ in "rule:project_reader_or_admin" }) { a, _ in a }
        .merging(members.mapValues { _ in "rule:project_member_or_admin" }) { a, _ in a }
        .merging(admins.mapValues { _ in "rule:admin_api" }) { a, _ in a }

    static let base: [String: String] = [
        "context_is_admin": "role:admin",
        "admin_api": "rule:context_is_admin",
        "project_member": "role:member and project_id:%(project_id)s",
        "project_reader": "role:reader and project_id:%(project_id)s",
        "project_member_or_admin": "rule:project_member or rule:context_is_admin",
        "project_reader_or_admin": "rule:project_reader or rule:context_is_admin",
        "default": "rule:admin_api",
    ]

    private static func set(_ names: [String]) -> [String: Bool] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, true) })
    }

    static let readers = set([
        "volume:get", "volume:get_all", "volume:get_volume_metadata", "volume:get_snapshot", "volume:get_all_snapshots",
        "volume:get_snapshot_metadata", "volume_extension:type_get", "volume_extension:type_get_all",
        "volume_extension:quotas:show", "limits_extension:used_limits", "volume_extension:types_extra_specs:index",
        "volume_extension:types_extra_specs:show", "volume:get_transfer", "volume:get_all_transfers",
        "message:get", "message:get_all", "ember:operation:get", "ember:operation:get_all",
        "group:get", "group:get_all", "group:get_group_snapshot", "group:get_all_group_snapshots",
    ])

    static let members = set([
        "volume:create", "volume:update", "volume:delete", "volume:update_readonly_flag",
        "volume:extend", "volume:revert_to_snapshot", "volume:update_volume_metadata", "volume:create_volume_metadata",
        "volume:delete_volume_metadata", "volume:create_snapshot", "volume:update_snapshot",
        "volume:delete_snapshot", "volume:update_snapshot_metadata", "volume:delete_snapshot_metadata",
        "volume:attachment_create", "volume:attachment_update", "volume:attachment_delete", "volume:attachment_complete",
        "volume_extension:volume_actions:initialize_connection", "volume_extension:volume_actions:terminate_connection",
        "volume_extension:volume_actions:attach", "volume_extension:volume_actions:detach",
        "volume_extension:volume_actions:reserve", "volume_extension:volume_actions:unreserve",
        "volume_extension:volume_actions:begin_detaching", "volume_extension:volume_actions:roll_detaching",
        "volume:retype", "volume_extension:volume_actions:upload_image", "volume:create_transfer", "volume:accept_transfer",
        "volume:delete_transfer", "message:delete", "volume:reimage", "group:create", "group:update", "group:delete", "group:create_group_snapshot",
        "group:delete_group_snapshot", "snapshot_extension:snapshot_actions:update_snapshot_status",
    ])

    static let admins = set([
        "volume:force_delete", "volume_extension:volume_admin_actions:reset_status",
        "volume_extension:volume_manage", "volume_extension:volume_unmanage", "snapshot_extension:snapshot_manage",
        "snapshot_extension:snapshot_unmanage",
        "volume_extension:volume_admin_actions:force_delete", "volume_extension:volume_admin_actions:force_detach",
        "volume_extension:volume_host_attribute", "volume_extension:volume_tenant_attribute",
        "volume_extension:snapshot_admin_actions:reset_status", "volume_extension:snapshot_admin_actions:force_delete",
        "volume_extension:type_create", "volume_extension:type_update", "volume_extension:type_delete",
        "volume_extension:types_extra_specs:create", "volume_extension:types_extra_specs:update",
        "volume_extension:types_extra_specs:delete", "volume_extension:volume_type_access:get_all_for_type",
        "volume_extension:volume_type_access:addProjectAccess", "volume_extension:volume_type_access:removeProjectAccess",
        "volume_extension:quotas:update", "volume_extension:quotas:delete",
        "volume_extension:services:index", "scheduler_extension:scheduler_stats:get_pools",
        "volume_extension:services:update", "workers:cleanup", "volume:freeze_host", "volume:thaw_host", "volume_extension:hosts",
        "volume_extension:capabilities", "volume_extension:volume_admin_actions:extend_volume_completion", "volume_extension:default_set_or_update",
        "volume_extension:default_get",
        "volume_extension:default_get_all", "volume_extension:default_unset", "group:group_types:create", "group:group_types:update",
        "group:group_types:delete",
        "group:group_types_specs:get", "group:group_types_specs:get_all", "group:group_types_specs:create", "group:group_types_specs:update",
        "group:group_types_specs:delete", "group:reset_status", "group:reset_group_snapshot_status", "volume_extension:quota_classes:get",
        "volume_extension:quota_classes:update",
        "volume_extension:volume_type_encryption:create", "volume_extension:volume_type_encryption:get",
        "volume_extension:volume_type_encryption:update", "volume_extension:volume_type_encryption:delete",
        "volume_extension:qos_specs_manage:create", "volume_extension:qos_specs_manage:get",
        "volume_extension:qos_specs_manage:get_all", "volume_extension:qos_specs_manage:update", "volume_extension:qos_specs_manage:delete",
        // identity
        "identity:list_projects", "identity:create_project", "identity:update_project", "identity:delete_project",
        "identity:get_project", "identity:list_users", "identity:create_user", "identity:update_user",
        "identity:delete_user", "identity:get_user", "identity:list_roles", "identity:get_role",
        "identity:create_grant", "identity:revoke_grant", "identity:check_grant", "identity:list_grants", "identity:list_role_assignments",
        "identity:create_system_grant_for_user", "identity:revoke_system_grant_for_user", "identity:check_system_grant_for_user",
        "identity:list_system_grants_for_user", "identity:create_system_grant_for_group", "identity:revoke_system_grant_for_group",
        "identity:check_system_grant_for_group", "identity:list_system_grants_for_group",
        "identity:validate_token", "identity:list_domains", "identity:get_domain",
    ])

}
