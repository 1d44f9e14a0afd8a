import Foundation
import GRDB
import Testing

@testable import EmberModel
@testable import EmberSQLStore
@testable import EmberSQLite
@testable import EmberTestSupport

/// The data dir is its owner's alone, and the database holds no CHAP secret in the clear.
@Suite("Secrets at rest: a private data dir, sealed CHAP secrets")
struct SecretsAtRestTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        #expect(lstat(path, &info) == 0, "\(path) is missing")
        return info.st_mode & 0o777
    }

    @Test func theDataDirAndEveryFileInItArePrivateWhateverTheUmask() async throws {
        let parent = try TemporaryDirectory("ember-private")
        let dataDir = parent.path + "/data"
        let previous = umask(0o022)
        defer { umask(previous) }
        let store = try await SQLStore.openDataDirectory(dataDir)
        let volume = try await store.placedVolume(host: "h@file", .available)
        try await store.saveExportCredentials(volumeID: volume.id, ChapCredentials(username: "u", password: "p"))
        #expect(Self.mode(dataDir) == 0o700)
        for name in ["ember.sqlite", "ember.sqlite-wal", "ember.sqlite-shm", "secret.key"] {
            #expect(Self.mode(dataDir + "/" + name) == 0o600, "\(name)")
        }
    }

    @Test func anOlderDataDirIsTightenedWhenOpened() async throws {
        let parent = try TemporaryDirectory("ember-private")
        let dataDir = parent.path + "/data"
        try FileManager.default.createDirectory(atPath: dataDir + "/volumes", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dataDir + "/clouds.yaml", contents: Data("x".utf8))
        FileManager.default.createFile(atPath: dataDir + "/volumes/volume-1", contents: Data())
        for (path, mode) in [(dataDir, 0o755), (dataDir + "/volumes", 0o755), (dataDir + "/clouds.yaml", 0o644), (dataDir + "/volumes/volume-1", 0o666)] {
            #expect(chmod(path, mode_t(mode)) == 0)
        }
        _ = try await SQLStore.openDataDirectory(dataDir)
        #expect(Self.mode(dataDir) == 0o700)
        #expect(Self.mode(dataDir + "/volumes") == 0o700)
        #expect(Self.mode(dataDir + "/clouds.yaml") == 0o600)
        #expect(Self.mode(dataDir + "/volumes/volume-1") == 0o600)
    }

    @Test func chapSecretsAreSealedAndOldPlaintextRowsAreMigrated() async throws {
        let directory = try TemporaryDirectory("ember-sealed")
        let path = directory.path + "/ember.sqlite"
        let store = try SQLStore(sqlitePath: path)
        try await store.migrate()
        let sealedVolume = try await store.placedVolume(host: "h@file", .available).id
        let legacyVolume = try await store.placedVolume(host: "h@file", .available).id
        try await store.saveExportCredentials(volumeID: sealedVolume, ChapCredentials(username: "user-a", password: "secret-a"))
        // A row as an older release wrote it.
        try await store.database.write { db in
            try db.execute(
                sql: "INSERT INTO volume_exports (volume_id, auth_username, auth_secret, created_at) VALUES (?, 'user-b', 'secret-b', 0)",
                arguments: [legacyVolume.key])
        }
        try await store.migrate()
        let stored = try await store.database.read { db in try db.values(String.self, sql: "SELECT auth_secret FROM volume_exports") }
        #expect(stored.count == 2 && stored.allSatisfy { $0.hasPrefix("sealed:v1:") && !$0.contains("secret-") }, "\(stored)")
        #expect(try await store.exportCredentials(volumeID: sealedVolume)?.password == "secret-a")
        #expect(try await store.exportCredentials(volumeID: legacyVolume)?.password == "secret-b")
    }

    @Test func aCopyOfTheDatabaseWithoutItsKeyOpensNoSecret() async throws {
        let original = try TemporaryDirectory("ember-sealed")
        let copy = try TemporaryDirectory("ember-stolen")
        let volume: UUID
        do {
            let store = try SQLStore(sqlitePath: original.path + "/ember.sqlite")
            try await store.migrate()
            volume = try await store.placedVolume(host: "h@file", .available).id
            try await store.saveExportCredentials(volumeID: volume, ChapCredentials(username: "u", password: "s3cret"))
            try await (store.database as! SQLiteExecutor).pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
        try FileManager.default.copyItem(atPath: original.path + "/ember.sqlite", toPath: copy.path + "/ember.sqlite")
        let stolen = try SQLStore(sqlitePath: copy.path + "/ember.sqlite")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: copy.path + "/ember.sqlite"))
        #expect(bytes.range(of: Data("s3cret".utf8)) == nil, "the secret is not in the file")
        await #expect(throws: StoreError.self) { try await stolen.exportCredentials(volumeID: volume) }
    }

    @Test func aDamagedKeyStopsTheStoreInOneSentence() throws {
        let directory = try TemporaryDirectory("ember-sealed")
        FileManager.default.createFile(atPath: directory.path + "/secret.key", contents: Data("short".utf8))
        #expect(throws: StoreError.self) { try SQLStore(sqlitePath: directory.path + "/ember.sqlite") }
    }
}
