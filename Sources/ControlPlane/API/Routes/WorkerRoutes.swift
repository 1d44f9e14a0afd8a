import EmberModel
import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat

/// `POST /workers/cleanup` (3.24, admin): asks services to resume the work they left half-done.
struct WorkerRoutes {
    let service: WorkerAPI

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.post("\(prefix)/workers/cleanup") { request, context in
                let caller = try ProjectScope.caller(context, "workers:cleanup", since: .workersCleanup)
                let body = try await Self.body(request)
                let (cleaning, unavailable) = try await service.cleanUp(try Self.cleanup(body), caller: caller, logger: context.logger)
                return JSONResponse.make(.accepted, ["cleaning": .array(cleaning.map(Self.view)), "unavailable": .array(unavailable.map(Self.view))])
            }
        }
    }

    /// The body is optional: none (or an empty one) names every service that is down.
    private static func body(_ request: Request) async throws -> [String: JSONValue] {
        var request = request
        let bytes = try await request.collectBody(upTo: RequestBody.maximumBytes)
        guard bytes.readableBytes > 0 else { return [:] }
        return try RequestBody.topObject(Data(buffer: bytes))
    }

    static let keys: Set<String> = ["cluster_name", "disabled", "host", "is_up", "binary", "resource_id", "resource_type", "service_id"]

    /// Cinder 29's `workers.cleanup` schema, then its resource type check.
    static func cleanup(_ body: [String: JSONValue]) throws(Fault) -> WorkerAPI.CleanupRequest {
        try FieldError.rejectUnknown(body, allowed: keys, in: "body")
        var request = WorkerAPI.CleanupRequest()
        request.clusterName = try hostname(body, "cluster_name")
        request.host = try hostname(body, "host")
        request.isUp = try FieldError.bool(body, "is_up") ?? false
        request.disabled = try FieldError.bool(body, "disabled")
        if let binary = body["binary"] {
            guard let name = binary.stringValue, [ServiceRecord.Binary.volume, ServiceRecord.Binary.scheduler].contains(name) else {
                throw FieldError.invalid("binary", binary, "is not one of ['cinder-volume', 'cinder-scheduler']")
            }
            request.binary = name
        }
        if let text = try FieldError.uuid(body, "resource_id") {
            // Records name resources by the dashed form: the undashed one names nothing pending.
            guard let id = UUID(key: text) else { throw Fault.invalidInput("There is no resource with UUID \(text) pending cleanup.") }
            request.resourceID = id
        }
        if let type = try FieldError.string(body, "resource_type", maxLength: 40), !type.isEmpty {
            guard let known = WorkerRecord.ResourceType(rawValue: type.capitalized) else {
                throw Fault.invalidInput("Resource type \(type.capitalized) not valid, must be Snapshot or Volume")
            }
            request.resourceType = known
        }
        request.serviceID = try serviceID(body)
        return request
    }

    /// Cinder's `hostname` type: 1 to 255 of letters, digits and `-._#@:/+`.
    private static func hostname(_ body: [String: JSONValue], _ field: String) throws(Fault) -> String? {
        guard let text = try FieldError.string(body, field) else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._#@:/+")
        guard !text.isEmpty, text.unicodeScalars.allSatisfy(allowed.contains) else {
            throw FieldError.invalid(field, .string(text), "does not match '^[a-zA-Z0-9-._#@:/+]*$'")
        }
        return text
    }

    /// Cinder's `service_id` type: an integer, or a string of at most 11 digits.
    private static func serviceID(_ body: [String: JSONValue]) throws(Fault) -> Int? {
        guard let value = body["service_id"], value != .null else { return nil }
        switch value {
        case .int(let number): return number
        case .string(let text) where text.count <= 11 && text.allSatisfy({ $0.isASCII && $0.isNumber }):
            return text.isEmpty ? nil : Int(text)
        default: throw FieldError.invalid("service_id", value, "is not a valid service id (an integer)")
        }
    }

    static func view(_ service: ServiceRecord) -> JSONValue {
        ["id": .int(service.id ?? 0), "host": .string(service.host), "binary": .string(service.binary), "cluster_name": nil]
    }
}
