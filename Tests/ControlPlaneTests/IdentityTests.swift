import Foundation
import TestThreads
import Testing

@testable import EmberIdentity
@testable import EmberModel
@testable import EmberTestSupport

@Suite("Tokens, token keys and passwords", .ownThread)
struct TokenTests {
    static func payload(expiresIn seconds: TimeInterval = 3600) -> TokenPayload {
        TokenPayload(
            userID: "u", domainID: "default", projectID: "p", methods: ["password"], issuedAt: Date(),
            expiresAt: Date().addingTimeInterval(seconds), auditIDs: [Base64URL.random()])
    }

    @Test func sealedTokensOpenAndTamperedOnesDoNot() throws {
        let directory = try TemporaryDirectory("ember-keys")
        let codec = TokenCodec(keys: try TokenKeyRing(directory: directory.path + "/keys"))
        let payload = Self.payload()
        let token = try codec.seal(payload)
        #expect(codec.open(token)?.userID == "u")
        #expect(codec.open(token)?.auditIDs == payload.auditIDs)
        var bytes = try #require(Base64URL.decode(token))
        for index in [0, 3, 10, bytes.count / 2, bytes.count - 1] {
            bytes[index] ^= 0x01
            #expect(codec.open(Base64URL.encode(bytes)) == nil, "a token with byte \(index) flipped opened")
            bytes[index] ^= 0x01
        }
        #expect(codec.open(Base64URL.encode(bytes))?.userID == "u")
        #expect(codec.open("not-a-token") == nil)
        #expect(codec.open(String(token.dropLast(4))) == nil)
        // Another key ring (another server's keys) cannot open it.
        let other = TokenCodec(keys: try TokenKeyRing(directory: directory.path + "/other"))
        #expect(other.open(token) == nil)
    }

    @Test func rotationKeepsOldTokensValidUntilTheirKeyIsRetired() throws {
        let directory = try TemporaryDirectory("ember-keys")
        let ring = try TokenKeyRing(directory: directory.path + "/keys")
        let codec = TokenCodec(keys: ring)
        let old = try codec.seal(Self.payload())
        #expect(try ring.keyIDs() == [1])
        #expect(try ring.rotate(maxActive: 3) == 2)
        let new = try codec.seal(Self.payload())
        #expect(Base64URL.decode(new)?[4] == 2, "new tokens are sealed with the new primary")
        #expect(codec.open(old) != nil, "a token of the previous key still opens after rotation")
        try ring.rotate(maxActive: 3)
        try ring.rotate(maxActive: 3)
        #expect(try ring.keyIDs() == [2, 3, 4], "rotation retired the oldest key beyond three")
        #expect(codec.open(old) == nil, "a token of a retired key no longer opens")
        #expect(codec.open(new) != nil)
        try ring.retire(keeping: 1)
        #expect(try ring.keyIDs() == [4])
        #expect(codec.open(new) == nil)
        // A second ring on the same directory (another process) sees what the first one wrote.
        #expect(try TokenKeyRing(directory: directory.path + "/keys").keyIDs() == [4])
        let mode = try FileManager.default.attributesOfItem(atPath: directory.path + "/keys/4")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func passwordsAreSaltedAndChecked() throws {
        let hasher = PasswordHasher()
        let first = try hasher.hash("correct horse")
        let second = try hasher.hash("correct horse")
        #expect(first != second, "two hashes of one password differ by their salt")
        #expect(first.hasPrefix("scrypt$16384$8$1$"))
        #expect(!first.contains("correct"))
        #expect(PasswordHasher.verify("correct horse", against: first))
        #expect(PasswordHasher.verify("correct horse", against: second))
        #expect(!PasswordHasher.verify("correct horsf", against: first))
        #expect(!PasswordHasher.verify("", against: first))
        #expect(!PasswordHasher.verify("correct horse", against: "scrypt$16384$8$1$bad"))
        #expect(!PasswordHasher.verify("correct horse", against: ""))
    }
}

@Suite("Policy: rules, defaults and policy files")
struct PolicyTests {
    static func caller(_ roles: [String], project: String = "p1", user: String = "u1") -> CallContext {
        CallContext(requestID: "req-test", userID: user, projectID: project, roles: Role.effective(roles))
    }

    @Test func defaultsLetReadersReadMembersWriteAndAdminsDoEverything() {
        let policy = Policy.standard
        let reader = Self.caller(["reader"])
        let member = Self.caller(["member"])
        let admin = Self.caller(["admin"])
        #expect(policy.allows("volume:get_all", caller: reader))
        #expect(!policy.allows("volume:create", caller: reader))
        #expect(!policy.allows("volume:delete", caller: reader))
        #expect(policy.allows("volume:create", caller: member))
        #expect(!policy.allows("volume_extension:volume_admin_actions:reset_status", caller: member))
        #expect(!policy.allows("volume:get_all", caller: member, targetProject: "p2"), "a member of p1 cannot read p2")
        #expect(policy.allows("volume:get_all", caller: admin, targetProject: "p2"))
        #expect(policy.allows("volume_extension:volume_admin_actions:reset_status", caller: admin))
        #expect(!policy.allows("some:unknown_action", caller: member), "an unknown action falls to the admin-only default")
        #expect(policy.allows("volume_extension:types_extra_specs:index", caller: reader))
        #expect(!policy.allows("volume_extension:types_extra_specs:update", caller: member))
        #expect(!policy.allows("identity:create_user", caller: member))
        #expect(throws: Fault.self) { try policy.authorize("volume:create", caller: reader) }
    }

    @Test func checkStringsParseAndEvaluate() throws {
        let policy = try Policy(overrides: [
            "a": "not role:admin and (role:member or user_id:%(user_id)s)",
            "b": "@", "c": "!", "d": "is_admin:True", "e": "project_id:p9", "f": "rule:b and not rule:c", "g": "",
        ])
        let member = Self.caller(["member"])
        #expect(policy.allows("a", caller: member))
        #expect(!policy.allows("a", caller: Self.caller(["admin"])))
        #expect(policy.allows("b", caller: member))
        #expect(!policy.allows("c", caller: member))
        #expect(!policy.allows("d", caller: member))
        #expect(policy.allows("d", caller: Self.caller(["admin"])))
        #expect(policy.allows("e", caller: Self.caller(["reader"], project: "p9")))
        #expect(!policy.allows("e", caller: member))
        #expect(policy.allows("f", caller: member))
        #expect(policy.allows("g", caller: member), "an empty check string allows everyone, as in oslo.policy")
        #expect(throws: PolicyError.self, "a rule that refers to itself is refused at load, not a hang") { try Policy(overrides: ["loop": "rule:loop"]) }
        for bad in ["role:admin and", "(role:admin", "role:admin)", "admin", "role:a or or role:b"] {
            #expect(throws: PolicyError.self, "'\(bad)' should not parse") { try Policy(overrides: ["x": bad]) }
        }
    }

    @Test func aPolicyFileOverridesDefaults() throws {
        let directory = try TemporaryDirectory("ember-policy")
        let yaml = directory.path + "/policy.yaml"
        try #"""
        # Only admins create volumes here; readers may extend.
        "volume:create": "rule:admin_api"
        volume:extend: "role:reader"
        """#.write(toFile: yaml, atomically: true, encoding: .utf8)
        let policy = try Policy.load(path: yaml)
        #expect(!policy.allows("volume:create", caller: Self.caller(["member"])))
        #expect(policy.allows("volume:create", caller: Self.caller(["admin"])))
        #expect(policy.allows("volume:extend", caller: Self.caller(["reader"])))
        #expect(policy.allows("volume:get", caller: Self.caller(["reader"])), "rules the file does not name keep their defaults")
        let json = directory.path + "/policy.json"
        try #"{"volume:delete": "!"}"#.write(toFile: json, atomically: true, encoding: .utf8)
        #expect(!(try Policy.load(path: json)).allows("volume:delete", caller: Self.caller(["admin"])))
        try "volume:create: [1, 2]".write(toFile: yaml, atomically: true, encoding: .utf8)
        #expect(throws: PolicyError.self) { try Policy.load(path: yaml) }
        try #""volume:create": "role:admin and""#.write(toFile: yaml, atomically: true, encoding: .utf8)
        #expect(throws: PolicyError.self) { try Policy.load(path: yaml) }
        #expect(throws: PolicyError.self) { try Policy.load(path: directory.path + "/missing.yaml") }
    }
}
