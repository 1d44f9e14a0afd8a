package import Foundation

/// What a new volume's content is copied from.
package enum VolumeSource: Sendable, Equatable, Codable {
    case snapshot(UUID)
    case volume(UUID)
}
