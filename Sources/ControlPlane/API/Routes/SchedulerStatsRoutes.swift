import EmberModel
import EmberRPC
import Foundation
import Hummingbird

/// `GET /scheduler-stats/get_pools` (admin): the pools a scheduler knows, asked over the bus with a call.
struct SchedulerStatsRoutes {
    let scheduler: SchedulerRPC

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.get("\(prefix)/scheduler-stats/get_pools") { request, context in
                let caller = try ProjectScope.admin(context, action: "scheduler_extension:scheduler_stats:get_pools")
                let detailed = ["1", "true"].contains(request.uri.cinderQuery.get("detail")?.lowercased() ?? "")
                let pools = try await scheduler.getPools(context: caller)
                return JSONResponse.make(.ok, ["pools": .array(pools.map { Self.pool($0, detailed: detailed) })])
            }
        }
    }

    static func pool(_ pool: PoolReport, detailed: Bool) -> JSONValue {
        let c = pool.capabilities
        let name = pool.name
        guard detailed else { return ["name": .string(name)] }
        return [
            "name": .string(name),
            "capabilities": [
                "volume_backend_name": .string(c.backendName),
                "total_capacity_gb": .double(c.totalCapacityGB),
                "free_capacity_gb": .double(c.freeCapacityGB),
                "allocated_capacity_gb": .int(pool.allocatedCapacityGB),
                "provisioned_capacity_gb": .int(pool.allocatedCapacityGB),
                "reserved_percentage": .int(Int(c.reservedPercentage.rounded())),
                "max_over_subscription_ratio": .double(c.maxOverSubscriptionRatio),
                "thin_provisioning_support": .bool(c.thinProvisioning),
                "thick_provisioning_support": .bool(!c.thinProvisioning),
                "storage_protocol": .string(c.storageProtocol),
                "driver_version": .string(c.driverVersion),
                "vendor_name": .string(c.vendorName),
            ],
        ]
    }
}
