import Foundation
import Hummingbird

/// `/types`: list, show and the default type.
struct TypeRoutes {
    let store: any Store

    func register(on router: Router<APIContext>) {
        for prefix in ProjectScope.prefixes {
            router.get("\(prefix)/types") { _, context in
                _ = try ProjectScope.caller(context)
                let types = try await store.volumeTypes()
                return JSONResponse.make(.ok, ["volume_types": .array(types.map(VolumeTypeView.detail))])
            }
            router.get("\(prefix)/types/default") { _, context in
                _ = try ProjectScope.caller(context)
                return JSONResponse.make(.ok, ["volume_type": VolumeTypeView.detail(try await store.defaultVolumeType())])
            }
            router.get("\(prefix)/types/:type_id") { _, context in
                _ = try ProjectScope.caller(context)
                let id = context.parameters.get("type_id") ?? ""
                guard let type = try await store.volumeType(id) else {
                    throw Fault.notFound("Volume type \(id) could not be found.")
                }
                return JSONResponse.make(.ok, ["volume_type": VolumeTypeView.detail(type)])
            }
        }
    }
}
