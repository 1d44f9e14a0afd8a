import EmberModel
import EmberRPC
import EmberStore
import Foundation
import Logging

/// `POST /workers/cleanup` (3.24) between the route and the store and RPC, as Cinder's scheduler
/// answers it: the services the request names, each asked to resume the work it left (any scheduler
/// can do a scheduler's; only a volume service reaches its backend, so one that is down is
/// unavailable: Ember has no clusters to hand its work to).
struct WorkerAPI: Sendable {
    let store: any Store
    let scheduler: SchedulerRPC
    let volumes: VolumeRPC

    /// The body of a cleanup, validated: which services, and which of their work.
    struct CleanupRequest: Sendable, Equatable {
        var serviceID: Int?
        var clusterName: String?
        var host: String?
        var binary: String?
        /// Cinder's default: only services that are down.
        var isUp = false
        var disabled: Bool?
        var resourceType: WorkerRecord.ResourceType?
        var resourceID: UUID?

        /// Whether `service` is one the request names (Cinder's service filters).
        func matches(_ service: ServiceRecord) -> Bool {
            (serviceID.map { $0 == service.id } ?? true) && clusterName == nil
                && (host.map { ServiceRoutes.host(service.host, matches: $0) } ?? true) && (binary.map { $0 == service.binary } ?? true)
                && service.isUp == isUp && (disabled.map { $0 == service.disabled } ?? true)
        }
    }

    /// The services asked to clean up, and those that could not be.
    func cleanUp(_ request: CleanupRequest, caller: CallContext, logger: Logger) async throws -> (cleaning: [ServiceRecord], unavailable: [ServiceRecord]) {
        let request = try await located(request)
        var cleaning: [ServiceRecord] = []
        var unavailable: [ServiceRecord] = []
        for service in try await store.services() where request.matches(service) {
            do {
                if service.binary == ServiceRecord.Binary.scheduler {
                    try await scheduler.doCleanup(context: caller)
                } else if service.isUp {
                    let query = WorkerQuery(host: service.host, resourceType: request.resourceType, resourceID: request.resourceID)
                    try await volumes.doCleanup(query, host: service.host, context: caller)
                } else {
                    unavailable.append(service)
                    continue
                }
                cleaning.append(service)
            } catch {
                logger.error("cleanup of \(service.binary) \(service.host) not sent: \(error)")
                unavailable.append(service)
            }
        }
        return (cleaning, unavailable)
    }

    /// A request for one resource that names no service goes to the service its worker record names.
    private func located(_ request: CleanupRequest) async throws -> CleanupRequest {
        guard let id = request.resourceID, request.serviceID == nil, request.clusterName == nil, request.host == nil else { return request }
        let records = try await store.work(matching: WorkerQuery(resourceType: request.resourceType, resourceID: id))
        guard let record = records.first, request.binary.map({ $0 == ServiceRecord.Binary.volume }) ?? true else {
            throw Fault.invalidInput("There is no resource with UUID \(id.key) pending cleanup.")
        }
        guard records.count == 1 else {
            throw Fault.invalidInput("There are multiple resources with UUID \(id.key) pending cleanup. Please be more specific.")
        }
        var located = request
        located.host = record.host
        located.binary = ServiceRecord.Binary.volume
        located.resourceType = record.resourceType
        return located
    }
}
