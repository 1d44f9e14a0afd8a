import EmberModel
import EmberStore
import Foundation
import Hummingbird

/// `/types/{id}/encryption` (admin): show, create, show one spec, update, delete, as Cinder 29's
/// volume type encryption extension; a type with live volumes keeps its encryption as it is.
struct EncryptionRoutes {
    let store: any Store
    var lookup: Lookup { Lookup(store: store) }

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            let base = "\(prefix)/types/:type_id/encryption"
            router.get(RouterPath(base)) { _, context in
                let type = try await adminType(context, "get")
                let shown = try await store.encryption(typeID: type.id).map(Self.shown) ?? [:]
                return JSONResponse.make(.ok, .object(shown))
            }
            router.post(RouterPath(base)) { request, context in
                let type = try await adminType(context, "create")
                let input = try Self.read(try await RequestBody.object(request, required: "encryption"), creating: true)
                let encryption = VolumeTypeEncryption(
                    volumeTypeID: type.id, provider: input.provider ?? "", cipher: input.cipher ?? nil, keySize: input.keySize ?? nil,
                    controlLocation: input.location ?? .frontEnd)
                try await store.saveEncryption(encryption, create: true)
                return JSONResponse.make(.ok, ["encryption": Self.written(encryption)])
            }
            router.get(RouterPath(base + "/:encryption_id")) { _, context in
                let type = try await adminType(context, "get")
                let key = Lookup.parameter(context, "encryption_id")
                guard let encryption = try await store.encryption(typeID: type.id), let value = Self.shown(encryption)[key] else {
                    throw Fault.notFound("Volume type encryption for type \(type.id.key) does not exist.")
                }
                return JSONResponse.make(.ok, [key: value])
            }
            router.put(RouterPath(base + "/:encryption_id"), use: update)
            router.delete(RouterPath(base + "/:encryption_id")) { _, context in
                let type = try await adminType(context, "delete")
                guard try await store.encryption(typeID: type.id) != nil else {
                    throw Fault.notFound("Volume type encryption for type \(type.id.key) does not exist.")
                }
                try await store.deleteEncryption(typeID: type.id)
                return JSONResponse.empty(.accepted)
            }
        }
    }

    /// Changes what the body names; answers with the body's fields, as Cinder does.
    @Sendable func update(_ request: Request, _ context: APIContext) async throws -> Response {
        let type = try await adminType(context, "update")
        let body = try await RequestBody.object(request, required: "encryption")
        let input = try Self.read(body, creating: false)
        guard var encryption = try await store.encryption(typeID: type.id) else {
            throw Fault.notFound("Volume type encryption for type \(type.id.key) does not exist.")
        }
        if let provider = input.provider { encryption.provider = provider }
        if let cipher = input.cipher { encryption.cipher = cipher }
        if let keySize = input.keySize { encryption.keySize = keySize }
        if let location = input.location { encryption.controlLocation = location }
        encryption.updatedAt = Date()
        try await store.saveEncryption(encryption, create: false)
        return JSONResponse.make(.ok, ["encryption": .object(JSONObject(body.filter { Self.fields.contains($0.key) }))])
    }

    static let fields: Set<String> = ["provider", "cipher", "key_size", "control_location"]

    /// The fields of a body; absent ones nil (a null cipher or key size is `.some(nil)`).
    static func read(_ body: [String: JSONValue], creating: Bool) throws(Fault) -> (
        provider: String?, cipher: String??, keySize: Int??, location: VolumeTypeEncryption.ControlLocation?
    ) {
        // Cinder's schema: a provider is a string and a control location one of two, never null.
        if body["provider"] == .null { throw FieldError.invalid("provider", .null, "is not of type 'string'") }
        if body["control_location"] == .null { throw FieldError.invalid("control_location", .null, "is not one of ['front-end', 'back-end']") }
        let provider = try FieldError.string(body, "provider")
        let rawLocation = try FieldError.string(body, "control_location")
        let location = try rawLocation.map { raw throws(Fault) -> VolumeTypeEncryption.ControlLocation in
            guard let location = VolumeTypeEncryption.ControlLocation(rawValue: raw) else {
                throw FieldError.invalid("control_location", .string(raw), "is not one of ['front-end', 'back-end']")
            }
            return location
        }
        if creating, provider == nil || location == nil {
            throw Fault.badRequest("Invalid input for field/attribute encryption. 'provider' and 'control_location' are required properties.")
        }
        let cipher: String?? = body["cipher"] == nil ? nil : .some(try FieldError.string(body, "cipher"))
        var keySize: Int?? = nil
        if let value = body["key_size"] {
            keySize = value == .null ? .some(nil) : .some(try keySizeValue(value))
        }
        return (provider, cipher, keySize, location)
    }

    private static func keySizeValue(_ value: JSONValue) throws(Fault) -> Int {
        let number: Int? =
            switch value {
            case .int(let int): int
            case .string(let text): Int(text)
            default: nil
            }
        guard let number, number >= 0, number <= Int(Int32.max) else { throw FieldError.invalid("key_size", value, "is not a valid key size") }
        return number
    }

    /// As create answers it: what was stored, with the type's and the encryption's ids.
    static func written(_ e: VolumeTypeEncryption) -> JSONValue {
        [
            "volume_type_id": .string(e.volumeTypeID.key), "encryption_id": .string(e.encryptionID.key), "provider": .string(e.provider),
            "cipher": .optional(e.cipher), "key_size": e.keySize.map(JSONValue.int) ?? .null, "control_location": .string(e.controlLocation.rawValue),
        ]
    }

    /// As show gives it: the stored row.
    static func shown(_ e: VolumeTypeEncryption) -> JSONObject {
        var body = JSONObject(written(e).objectValue ?? [:])
        body["deleted"] = false
        body["created_at"] = CinderDate.json(e.createdAt)
        body["updated_at"] = CinderDate.json(e.updatedAt)
        body["deleted_at"] = .null
        return body
    }

    private func adminType(_ context: APIContext, _ verb: String) async throws -> VolumeType {
        let caller = try ProjectScope.admin(context, action: "volume_extension:volume_type_encryption:\(verb)")
        return try await lookup.volumeType(Lookup.parameter(context, "type_id"), caller)
    }
}
