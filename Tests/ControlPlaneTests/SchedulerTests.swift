import Foundation
import Testing

@testable import EmberModel
@testable import EmberScheduler

@Suite("Scheduler filters, weigher and ranking")
struct SchedulerTests {
    static func host(
        _ name: String, total: Double = 100, free: Double = 100, allocated: Int = 0, reserved: Double = 0,
        ratio: Double = 1, thin: Bool = false, zone: String = "nova"
    ) -> HostState {
        HostState(
            capabilities: HostCapabilities(
                host: name, availabilityZone: zone, backendName: "file", totalCapacityGB: total, freeCapacityGB: free,
                reservedPercentage: reserved, maxOverSubscriptionRatio: ratio, thinProvisioning: thin),
            allocatedGB: allocated, reportedAt: Date())
    }

    static func request(_ size: Int, zone: String = "nova") -> PlacementRequest {
        PlacementRequest(volumeID: UUID(), sizeGB: size, availabilityZone: zone, volumeTypeID: UUID())
    }

    @Test func thickHostAdmitsUpToItsUnreservedFreeSpace() {
        let filter = CapacityFilter()
        let host = Self.host("a", total: 100, free: 100, allocated: 40, reserved: 10)
        #expect(filter.passes(host, for: Self.request(50)))
        #expect(!filter.passes(host, for: Self.request(51)))
    }

    @Test func thickHostCountsTheSmallerOfReportedFreeAndUnallocatedTotal() {
        let filter = CapacityFilter()
        let host = Self.host("a", total: 100, free: 30, allocated: 0)
        #expect(filter.passes(host, for: Self.request(30)))
        #expect(!filter.passes(host, for: Self.request(31)))
    }

    @Test func thinHostMayBeOverSubscribedUpToItsRatio() {
        let filter = CapacityFilter()
        let host = Self.host("a", total: 10, free: 10, allocated: 150, ratio: 20, thin: true)
        #expect(filter.passes(host, for: Self.request(50)))
        #expect(!filter.passes(host, for: Self.request(51)))
    }

    @Test func thinHostWithNoPhysicalSpaceLeftAdmitsNothing() {
        let host = Self.host("a", total: 10, free: 1, reserved: 10, ratio: 20, thin: true)
        #expect(!CapacityFilter().passes(host, for: Self.request(1)))
    }

    @Test func hostWithNoCapacityIsNeverChosen() {
        #expect(!CapacityFilter().passes(Self.host("a", total: 0, free: 0), for: Self.request(1)))
    }

    @Test func availabilityZoneFilterMatchesTheRequestedZone() {
        let filter = AvailabilityZoneFilter()
        #expect(filter.passes(Self.host("a", zone: "z1"), for: Self.request(1, zone: "z1")))
        #expect(!filter.passes(Self.host("a", zone: "z1"), for: Self.request(1, zone: "z2")))
    }

    @Test func weigherPrefersTheHostWithMostRoomLeft() {
        let selector = HostSelector()
        let ranked = selector.rank(
            [Self.host("small", free: 20, allocated: 80), Self.host("big", free: 90, allocated: 10), Self.host("full", free: 0, allocated: 100)],
            for: Self.request(5))
        #expect(ranked.map(\.capabilities.host) == ["big", "small"])
    }

    @Test func negativeMultiplierStacksInsteadOfSpreading() {
        let selector = HostSelector(weighers: [CapacityWeigher(multiplier: -1)])
        let ranked = selector.rank([Self.host("small", free: 20, allocated: 80), Self.host("big", free: 90, allocated: 10)], for: Self.request(5))
        #expect(ranked.map(\.capabilities.host) == ["small", "big"])
    }

    @Test func hostManagerIgnoresStaleReports() async {
        let manager = HostManager(staleAfter: 60)
        let capabilities = Self.host("a").capabilities
        await manager.record(capabilities, at: Date(timeIntervalSinceNow: -120))
        #expect(await manager.hostStates(allocated: [:]).isEmpty)
        await manager.record(capabilities)
        #expect(await manager.hostStates(allocated: [capabilities.poolHost: 7]).map(\.allocatedGB) == [7])
    }

    /// Capability reports are fanned out; one that arrives late (redelivered after a reconnect) must
    /// not replace a newer report of the same host.
    @Test func hostManagerDropsAReportSentBeforeTheOneItHolds() async {
        let manager = HostManager(staleAfter: 60)
        var newer = Self.host("a", free: 10, allocated: 0).capabilities
        var older = newer
        newer.freeCapacityGB = 10
        older.freeCapacityGB = 90
        let now = Date()
        #expect(await manager.record(newer, sentAt: now))
        #expect(await !manager.record(older, sentAt: now.addingTimeInterval(-5)), "the older report is dropped")
        #expect(await manager.hostStates(allocated: [:]).map(\.capabilities.freeCapacityGB) == [10])
        #expect(await manager.record(older, sentAt: now.addingTimeInterval(5)), "a later report replaces it")
        #expect(await manager.hostStates(allocated: [:]).map(\.capabilities.freeCapacityGB) == [90])
    }
}
