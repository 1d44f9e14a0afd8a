import EmberIdentity
import EmberModel
import EmberRPC
import EmberStore
import Foundation
import Hummingbird

/// The dashboard's read-only pages. Each checks the same policy rule as the API call it mirrors and
/// reads through the same store queries and lookups; an action the caller's role may not take is not
/// offered (and `Dashboard+Actions` refuses it anyway).
extension Dashboard {
    func registerPages(on router: Router<APIContext>) {
        let root = Self.root
        router.get("\(root)/volumes") { request, context in try await page(request, context, volumeList) }
        router.get("\(root)/volumes/:volume_id") { request, context in try await page(request, context, volumeDetail) }
        router.get("\(root)/snapshots") { request, context in try await page(request, context, snapshotList) }
        router.get("\(root)/types") { request, context in try await page(request, context, typeList) }
        router.get("\(root)/services") { request, context in try await page(request, context, serviceList) }
        router.get("\(root)/messages") { request, context in try await page(request, context, messageList) }
    }

    @Sendable func overview(_ request: Request, _ context: APIContext, _ session: DashboardSession) async throws -> Page {
        let caller = session.caller
        try context.policy.authorize("limits_extension:used_limits", caller: caller)
        async let limits = store.quotaLimits(project: caller.projectID)
        async let usage = store.quotaUsage(project: caller.projectID)
        let (limit, used) = try await (limits, usage)
        let rows: [[String: Any]] = [(QuotaResource.volumes, "Volumes"), (.gigabytes, "Gigabytes"), (.snapshots, "Snapshots")].map { resource, label in
            let bound = limit[resource]
            let count = used[resource]
            return [
                "label": label, "used": count, "limit": bound < 0 ? "unlimited" : String(bound), "bounded": bound >= 0, "max": max(bound, 1),
                "percent": bound > 0 ? min(100, count * 100 / bound) : (count > 0 ? 100 : 0),
            ]
        }
        let all: [[String: Any]] = QuotaResource.allCases.map { ["key": $0.rawValue, "limit": limit[$0] < 0 ? "unlimited" : String(limit[$0])] }
        let name = session.token.project?.name ?? caller.projectID
        return ("overview", "Overview", ["usage": rows, "limits": all, "project": name])
    }

    @Sendable func volumeList(_ request: Request, _ context: APIContext, _ session: DashboardSession) async throws -> Page {
        let caller = session.caller
        try context.policy.authorize("volume:get_all", caller: caller)
        async let listed = store.volumes(matching: VolumeQuery(projectID: caller.projectID))
        async let attached = store.attachments(projectID: caller.projectID, volumeID: nil)
        async let allTypes = store.volumeTypes()
        let (volumes, attachments, types) = try await (listed, attached, allTypes)
        let typeNames = Dictionary(types.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let servers = Dictionary(grouping: attachments.filter { $0.status == .attached }, by: \.volumeID)
        let rows: [[String: Any]] = volumes.sorted { $0.createdAt > $1.createdAt }.map { volume in
            [
                "id": volume.id.key, "label": Self.label(volume.name, volume.id), "status": volume.status.rawValue, "size": volume.sizeGB,
                "type": typeNames[volume.volumeTypeID] ?? "", "attached": (servers[volume.id] ?? []).map(Self.server).joined(separator: ", "),
            ]
        }
        var values: [String: Any] = ["rows": rows, "count": rows.count]
        if context.policy.allows("volume:create", caller: caller) {
            var visible: [[String: Any]] = []
            for type in types where try await lookup.visible(type, caller) { visible.append(["id": type.id.key, "name": type.name]) }
            values["canCreate"] = ["types": visible]
        }
        return ("volumes", "Volumes", values)
    }

    @Sendable func volumeDetail(_ request: Request, _ context: APIContext, _ session: DashboardSession) async throws -> Page {
        let caller = session.caller
        try context.policy.authorize("volume:get", caller: caller)
        let volume = try await lookup.volume(Lookup.parameter(context, "volume_id"), caller)
        async let attached = store.attachments(projectID: nil, volumeID: volume.id)
        async let type = store.volumeType(volume.volumeTypeID.key)
        let (attachments, volumeType) = try await (attached, type)
        let allows = { (action: String) in context.policy.allows(action, caller: caller) }
        var source = "empty"
        if let snapshot = volume.snapshotID { source = "snapshot \(snapshot.key)" }
        if let other = volume.sourceVolumeID { source = "volume \(other.key)" }
        let fields: [String: Any] = [
            "id": volume.id.key, "label": Self.label(volume.name, volume.id), "name": volume.name ?? "", "status": volume.status.rawValue,
            "size": volume.sizeGB, "nextSize": volume.sizeGB + 1, "type": volumeType?.name ?? "", "description": volume.description ?? "",
            "created": DashboardHTML.date(volume.createdAt), "source": source,
        ]
        let rows: [[String: Any]] = attachments.map {
            ["id": $0.id.key, "server": $0.instanceID ?? "", "host": $0.attachedHost ?? "", "status": $0.status.rawValue, "mode": $0.mode]
        }
        let can: [String: Bool] = [
            "update": allows("volume:update"), "extend": allows("volume:extend"), "snapshot": allows("volume:create_snapshot"),
            "create": allows("volume:create"), "delete": allows("volume:delete"), "metadata": allows("volume:update_volume_metadata"),
        ]
        let metadata: [[String: Any]] = volume.metadata.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] }
        return ("volume", "Volume \(Self.label(volume.name, volume.id))", ["volume": fields, "attachments": rows, "can": can, "metadata": metadata])
    }

    @Sendable func snapshotList(_ request: Request, _ context: APIContext, _ session: DashboardSession) async throws -> Page {
        let caller = session.caller
        try context.policy.authorize("volume:get_all_snapshots", caller: caller)
        let snapshots = try await store.snapshots(matching: SnapshotQuery(projectID: caller.projectID))
        let rows: [[String: Any]] = snapshots.sorted { $0.createdAt > $1.createdAt }.map {
            ["id": $0.id.key, "label": Self.label($0.name, $0.id), "status": $0.status.rawValue, "size": $0.sizeGB, "volumeID": $0.volumeID.key]
        }
        let can = [
            "createVolume": context.policy.allows("volume:create", caller: caller), "delete": context.policy.allows("volume:delete_snapshot", caller: caller),
        ]
        return ("snapshots", "Snapshots", ["rows": rows, "count": rows.count, "can": can])
    }

    @Sendable func typeList(_ request: Request, _ context: APIContext, _ session: DashboardSession) async throws -> Page {
        let caller = session.caller
        try context.policy.authorize("volume_extension:type_get_all", caller: caller)
        let admin = caller.isAdmin
        let fallback = try await store.defaultVolumeType(project: caller.projectID)
        var rows: [[String: Any]] = []
        for type in try await store.volumeTypes().sorted(by: { $0.name < $1.name }) where try await lookup.visible(type, caller) {
            var row: [String: Any] = [
                "name": type.name, "description": type.description ?? "", "public": type.isPublic ? "yes" : "no", "isDefault": type.id == fallback.id,
            ]
            if admin {
                row["specs"] = type.extraSpecs.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] }
                row["qos"] = try await type.qosSpecsID.asyncMap { try await store.qosSpecs(id: $0)?.name } ?? "none"
                row["encryption"] = try await store.encryption(typeID: type.id).map { "\($0.provider), \($0.controlLocation.rawValue)" } ?? "none"
            }
            rows.append(row)
        }
        return ("types", "Volume types", ["types": rows, "admin": admin])
    }

    @Sendable func serviceList(_ request: Request, _ context: APIContext, _ session: DashboardSession) async throws -> Page {
        let caller = session.caller
        try context.policy.authorize("volume_extension:services:index", caller: caller)
        let services: [[String: Any]] = try await store.services().sorted { ($0.binary, $0.host) < ($1.binary, $1.host) }.map {
            [
                "binary": $0.binary, "host": $0.host, "zone": $0.availabilityZone, "status": $0.disabled ? "disabled" : "enabled",
                "state": $0.isUp ? "up" : "down", "heartbeat": DashboardHTML.date($0.heartbeatAt),
            ]
        }
        var values: [String: Any] = ["services": services]
        do {
            values["pools"] = try await scheduler.getPools(context: caller).map(Self.pool)
        } catch {
            values["poolsError"] = "The scheduler did not answer: \(error)"
        }
        return ("services", "Services and pools", values)
    }

    @Sendable func messageList(_ request: Request, _ context: APIContext, _ session: DashboardSession) async throws -> Page {
        let caller = session.caller
        try context.policy.authorize("message:get_all", caller: caller)
        let messages: [[String: Any]] = try await store.messages(projectID: caller.projectID).sorted { $0.createdAt > $1.createdAt }.map {
            [
                "created": DashboardHTML.date($0.createdAt), "level": $0.level, "text": $0.event.userMessage, "request": $0.requestID,
                "resource": "\($0.event.resourceType) \($0.resourceUUID?.key ?? "")",
            ]
        }
        return ("messages", "Messages", ["messages": messages])
    }

    // MARK: Cells

    /// A resource's name, or its id when it has none (as Horizon shows it).
    static func label(_ name: String?, _ id: UUID) -> String {
        guard let name, !name.isEmpty else { return id.key }
        return name
    }

    static func server(_ attachment: Attachment) -> String {
        [attachment.instanceID, attachment.attachedHost].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " on ")
    }

    static func pool(_ report: PoolReport) -> [String: Any] {
        let total = report.capabilities.totalCapacityGB
        let free = report.capabilities.freeCapacityGB
        return [
            "name": report.name, "total": String(format: "%.1f", total), "free": String(format: "%.1f", free), "allocated": report.allocatedCapacityGB,
            "percent": total > 0 ? Int(((total - free) / total * 100).rounded()) : 0,
        ]
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
