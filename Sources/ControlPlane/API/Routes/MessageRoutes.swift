import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/messages` (3.3): what failed asynchronous work told a project. List (exact filters on the
/// message's fields), show and delete; a project sees its own, an admin every project's.
struct MessageRoutes {
    static let filterable: Set<String> = ["id", "event_id", "resource_type", "resource_uuid", "message_level", "request_id"]

    let store: any Store

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.get("\(prefix)/messages") { request, context in
                let caller = try Self.caller(context, "message:get_all")
                let query = request.uri.cinderQuery
                let messages = try await store.messages(projectID: caller.isAdmin ? nil : caller.projectID).filter { message in
                    Listing.matchesExactly(Self.view(message, request, context), Self.filterable, query)
                }
                return JSONResponse.make(.ok, ["messages": .array(messages.map { Self.view($0, request, context) })])
            }
            router.get("\(prefix)/messages/:message_id") { request, context in
                let message = try await visible(context, "message:get")
                return JSONResponse.make(.ok, ["message": Self.view(message, request, context)])
            }
            router.delete("\(prefix)/messages/:message_id") { _, context in
                let message = try await visible(context, "message:delete")
                _ = try await store.deleteMessage(id: message.id)
                return JSONResponse.empty(.noContent)
            }
        }
    }

    /// The caller, once the route exists for the request's microversion (3.3); 404 before it.
    static func caller(_ context: APIContext, _ action: String) throws -> CallContext {
        try ProjectScope.caller(context, action, since: .messages)
    }

    private func visible(_ context: APIContext, _ action: String) async throws -> UserMessage {
        let caller = try Self.caller(context, action)
        let raw = Lookup.parameter(context, "message_id")
        guard let id = UUID(key: raw), let message = try await store.message(id: id), caller.isAdmin || message.projectID == caller.projectID
        else { throw Fault.notFound("Message \(raw) could not be found.") }
        return message
    }

    /// Cinder's message view.
    static func view(_ message: UserMessage, _ request: Request, _ context: APIContext) -> JSONValue {
        var body: JSONObject = [
            "id": .string(message.id.key),
            "event_id": .string(message.event.eventID),
            "user_message": .string(message.event.userMessage),
            "message_level": .string(message.level),
            "created_at": CinderDate.json(message.createdAt),
            "guaranteed_until": CinderDate.json(message.expiresAt),
            "request_id": .string(message.requestID),
            "links": ResourceLinks.make(baseURL: request.baseURL, project: message.projectID, collection: "messages", id: message.id.key),
            "resource_type": .string(message.event.resourceType),
        ]
        if let resource = message.resourceUUID { body["resource_uuid"] = .string(resource.key) }
        return .object(body)
    }
}
