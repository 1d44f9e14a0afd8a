public import EmberModel
public import Foundation

extension Store {
    /// Persists the transition `event` causes, if the volume's current status allows it.
    /// Returns false when another request got there first (or the volume is gone).
    @discardableResult
    public func apply(_ event: VolumeEvent, toVolume id: UUID) async throws -> Bool {
        try await transitionVolume(id: id, from: VolumeLifecycle.sources(of: event), to: VolumeLifecycle.target(of: event))
    }
}
