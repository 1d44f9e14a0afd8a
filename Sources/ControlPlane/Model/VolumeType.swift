public import Foundation

/// A volume type: a named set of extra specs the scheduler matches against backends.
public struct VolumeType: Sendable, Equatable {
    public static let defaultName = "__DEFAULT__"

    public var id: UUID
    public var name: String
    public var description: String?
    public var isPublic: Bool
    public var extraSpecs: [String: String]

    public init(id: UUID, name: String, description: String?, isPublic: Bool = true, extraSpecs: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.description = description
        self.isPublic = isPublic
        self.extraSpecs = extraSpecs
    }
}
