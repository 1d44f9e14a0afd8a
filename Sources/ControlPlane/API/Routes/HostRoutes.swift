import EmberModel
import EmberRPC
import EmberStore
import Foundation
import Hummingbird

/// The admin's view of hosts: `/os-hosts` (the enabled services, and one volume host's usage by
/// project) and `/capabilities/{host}` (what a volume backend reports, asked of it over the bus).
struct HostRoutes {
    let store: any Store
    let volumes: VolumeRPC

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.get("\(prefix)/os-hosts") { request, context in
                _ = try ProjectScope.admin(context, action: "volume_extension:hosts")
                let zone = request.uri.cinderQuery.get("zone") ?? ""
                let services = try await store.services().filter { !$0.disabled && (zone.isEmpty || $0.availabilityZone == zone) }
                return JSONResponse.make(.ok, ["hosts": .array(services.map(Self.host))])
            }
            router.get("\(prefix)/os-hosts/:host") { _, context in
                _ = try ProjectScope.admin(context, action: "volume_extension:hosts")
                let host = Lookup.parameter(context, "host")
                guard try await store.services().contains(where: { $0.host == host && $0.binary == ServiceRecord.Binary.volume && !$0.disabled })
                else { throw Fault.notFound("Service \(host) could not be found.") }
                return JSONResponse.make(.ok, ["host": .array(try await usage(on: host))])
            }
            router.get("\(prefix)/capabilities/:host") { _, context in
                let caller = try ProjectScope.admin(context, action: "volume_extension:capabilities")
                let host = Lookup.parameter(context, "host")
                let backend = VolumeHost.backend(of: host)
                guard try await store.services().contains(where: { $0.host == backend && $0.binary == ServiceRecord.Binary.volume }) else {
                    throw Fault.notFound("Can't find service: \(host)")
                }
                return JSONResponse.make(.ok, Self.capabilities(try await volumes.getCapabilities(host: backend, context: caller)))
            }
        }
    }

    /// One service as `os-hosts` lists it (Cinder names it by its topic, which is its binary's name).
    static func host(_ service: ServiceRecord) -> JSONValue {
        let alive = service.isUp
        return [
            "host_name": .string(service.host),
            "service": .string(service.binary),
            "zone": .string(service.availabilityZone),
            "service-status": .string(alive ? "available" : "unavailable"),
            "service-state": .string(service.disabled ? "disabled" : "enabled"),
            "last-update": CinderDate.json(service.heartbeatAt),
        ]
    }

    /// The host's totals first (`project: "(total)"`), then one entry per project with volumes there;
    /// counts and sizes as strings, as Cinder writes them.
    private func usage(on host: String) async throws -> [JSONValue] {
        let volumes = try await store.volumes(onHost: host)
        let snapshots = try await store.snapshots(onHost: host)
        func entry(_ project: String, _ volumes: [Volume], _ snapshots: [Snapshot]) -> JSONValue {
            [
                "resource": [
                    "host": .string(host), "project": .string(project),
                    "volume_count": .string(String(volumes.count)), "total_volume_gb": .string(String(volumes.reduce(0) { $0 + $1.sizeGB })),
                    "snapshot_count": .string(String(snapshots.count)),
                    "total_snapshot_gb": .string(String(snapshots.reduce(0) { $0 + $1.sizeGB })),
                ]
            ]
        }
        let projects = Set(volumes.map(\.projectID)).sorted()
        return [entry("(total)", volumes, snapshots)]
            + projects.map { project in
                entry(project, volumes.filter { $0.projectID == project }, snapshots.filter { $0.projectID == project })
            }
    }

    /// Cinder's capabilities view of a backend's report.
    static func capabilities(_ c: HostCapabilities) -> JSONValue {
        [
            "namespace": .string("OS::Storage::Capabilities::\(c.host)"),
            "vendor_name": .string(c.vendorName),
            "volume_backend_name": .string(c.backendName),
            "pool_name": .string(c.poolName),
            "driver_version": .string(c.driverVersion),
            "storage_protocol": .string(c.storageProtocol),
            "display_name": nil,
            "description": nil,
            "visibility": nil,
            "replication_targets": [],
            "properties": [
                "thin_provisioning": [
                    "title": "Thin Provisioning", "description": "Sets thin provisioning.", "type": "boolean",
                ]
            ],
        ]
    }
}
