package import Foundation

/// A volume type: a named set of extra specs the scheduler matches against backends.
package struct VolumeType: Sendable, Equatable {
    package static let defaultName = "__DEFAULT__"

    package var id: UUID
    package var name: String
    package var description: String?
    package var isPublic: Bool
    package var extraSpecs: [String: String]
    /// The QoS specs associated with the type (`/qos-specs/{id}/associate`), if any.
    package var qosSpecsID: UUID?

    package init(
        id: UUID, name: String, description: String?, isPublic: Bool = true, extraSpecs: [String: String] = [:], qosSpecsID: UUID? = nil
    ) {
        self.qosSpecsID = qosSpecsID
        self.id = id
        self.name = name
        self.description = description
        self.isPublic = isPublic
        self.extraSpecs = extraSpecs
    }
}

extension VolumeType {
    /// Whether the type's `multiattach` spec (`<is> True`) lets its volumes take several attachments.
    package var isMultiattach: Bool {
        extraSpecs["multiattach"].map { ExtraSpec.matches("True", $0) } ?? false
    }
}
