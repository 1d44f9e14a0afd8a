import Foundation
import Testing

@testable import EmberIdentity
@testable import EmberModel
@testable import EmberTestSupport

/// Tokens die with the credentials they were issued for, and failed logins cannot starve the server.
@Suite("Identity hardening: revocation events, lockout, bounded password checks")
struct LoginHardeningTests {
    /// Alice, a member of `demo`, and a token she got before whatever the test then changes.
    struct Scene {
        let fixture: IdentityFixture
        let directory: TemporaryDirectory
        let demo: Project
        let alice: IdentityUser
        let old: ValidatedToken

        static func make() async throws -> Scene {
            let (fixture, directory) = try await IdentityFixture.make()
            let demo = try await fixture.project("demo")
            let alice = try await fixture.user("alice", role: "member", on: demo)
            return Scene(
                fixture: fixture, directory: directory, demo: demo, alice: alice,
                old: try await fixture.login("alice", project: "demo"))
        }
    }

    @Test func aPasswordChangeEndsTheTokensIssuedBeforeIt() async throws {
        let scene = try await Scene.make()
        let (fixture, alice, old) = (scene.fixture, scene.alice, scene.old)
        var update = UserUpdate()
        update.password = "new-pw"
        _ = try await fixture.identity.updateUser(id: alice.id, update)
        #expect(try await fixture.identity.validate(old.token) == nil, "a token from before the change must stop working")
        let fresh = try await fixture.login("alice", "new-pw", project: "demo")
        #expect(try await fixture.identity.validate(fresh.token) != nil, "a login right after the change works")
    }

    @Test func reEnablingAUserDoesNotReviveTheirOldTokens() async throws {
        let scene = try await Scene.make()
        let (fixture, alice, old) = (scene.fixture, scene.alice, scene.old)
        var disable = UserUpdate()
        disable.enabled = false
        _ = try await fixture.identity.updateUser(id: alice.id, disable)
        var enable = UserUpdate()
        enable.enabled = true
        _ = try await fixture.identity.updateUser(id: alice.id, enable)
        #expect(try await fixture.identity.validate(old.token) == nil)
        #expect(try await fixture.identity.validate(try await fixture.login("alice", project: "demo").token) != nil)
    }

    @Test func aRemovedRoleStaysRemovedFromOldTokensWhenAnotherIsGranted() async throws {
        let scene = try await Scene.make()
        let (fixture, demo, alice, old) = (scene.fixture, scene.demo, scene.alice, scene.old)
        try await fixture.grant("member", to: alice, on: demo, granted: false)
        try await fixture.grant("reader", to: alice, on: demo)
        #expect(try await fixture.identity.validate(old.token) == nil)
        let fresh = try await fixture.login("alice", project: "demo")
        #expect(fresh.roles.map(\.name) == ["reader"])
    }

    @Test func aDisabledProjectKeepsItsOldTokensDeadWhenEnabledAgain() async throws {
        let scene = try await Scene.make()
        let (fixture, demo, old) = (scene.fixture, scene.demo, scene.old)
        var off = ProjectUpdate()
        off.enabled = false
        _ = try await fixture.identity.updateProject(id: demo.id, off)
        var on = ProjectUpdate()
        on.enabled = true
        _ = try await fixture.identity.updateProject(id: demo.id, on)
        #expect(try await fixture.identity.validate(old.token) == nil)
    }

    @Test func repeatedFailuresLockTheUserEvenAgainstTheRightPassword() async throws {
        let (fixture, directory) = try await IdentityFixture.make(limits: .init(lockoutFailureAttempts: 3, lockoutDuration: 300))
        _ = directory
        let demo = try await fixture.project("demo")
        _ = try await fixture.user("alice", role: "member", on: demo)
        for _ in 0..<3 {
            await #expect(throws: Fault(.unauthorized, "The request you have made requires authentication.")) {
                try await fixture.login("alice", "wrong", project: "demo")
            }
        }
        await #expect(throws: Fault(.unauthorized, "The account is locked for user: default/alice.")) {
            try await fixture.login("alice", project: "demo")
        }
        _ = try await fixture.login("admin", "admin-pw", project: "admin")
    }

    @Test func aRefusedLoginIsAnsweredNoSoonerThanTheFailureDelay() async throws {
        // A delay far above a scrypt check's time, so the two are told apart: under the full suite on
        // two cores a debug build's check has taken 5.2 s, so 5 s was not enough.
        let (fixture, directory) = try await IdentityFixture.make(limits: .init(failureDelay: 20))
        _ = directory
        let start = ContinuousClock.now
        await #expect(throws: Fault.self) { try await fixture.login("admin", "wrong", project: "admin") }
        #expect(ContinuousClock.now - start >= .seconds(20))
        let good = ContinuousClock.now
        _ = try await fixture.login("admin", "admin-pw", project: "admin")
        #expect(ContinuousClock.now - good < .seconds(20), "a good password is not delayed")
    }

    @Test func throttleCountsAndForgets() throws {
        var throttle = LoginThrottle(limits: .init(lockoutFailureAttempts: 2, lockoutDuration: 10, addressFailures: 3, addressWindow: 5))
        let start = Date(timeIntervalSince1970: 1_000)
        throttle.failed(user: "a", address: "10.0.0.1", now: start)
        try throttle.admit(user: "a", address: "10.0.0.1", now: start)
        throttle.succeeded(user: "a")
        throttle.failed(user: "a", address: "10.0.0.1", now: start)
        try throttle.admit(user: "a", address: "10.0.0.1", now: start)
        throttle.failed(user: "a", address: "10.0.0.1", now: start + 1)
        #expect(throws: Fault.self) { try throttle.admit(user: "a", address: nil, now: start + 2) }
        try throttle.admit(user: "a", address: nil, now: start + 11.5)
        do {
            try throttle.admit(user: "b", address: "10.0.0.1", now: start + 2)
            Issue.record("the address's third failure must throttle it")
        } catch {
            #expect(error.code == 429 && error.retryAfter == 3)
        }
        try throttle.admit(user: "b", address: "10.0.0.1", now: start + 5)
        try throttle.admit(user: "b", address: "10.0.0.2", now: start + 2)
    }

    @Test func theGateRunsAtMostItsSlotsAndRefusesPastItsQueue() async throws {
        let gate = AdmissionGate(slots: 2, queueLimit: 3)
        let peak = PeakCounter()
        let outcomes = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        try await gate.run {
                            await peak.enter()
                            try? await Task.sleep(for: .seconds(1))
                            await peak.leave()
                        }
                        return 200
                    } catch let fault as Fault {
                        return fault.code
                    } catch {
                        return 500
                    }
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == 200 }.count == 5)
        #expect(outcomes.filter { $0 == 429 }.count == 3)
        #expect(await peak.peak == 2)
        #expect(gate.load == (0, 0))
    }
}

actor PeakCounter {
    private(set) var current = 0
    private(set) var peak = 0
    func enter() {
        current += 1
        peak = max(peak, current)
    }
    func leave() { current -= 1 }
}
