import DataPath
import Foundation
import TestThreads
import Testing

@Suite("SparseFile and FilesystemUsage on real files", .ownThread)
struct SparseFileTests {
    let scratch: Scratch
    var directory: String { scratch.directory }

    init() throws {
        scratch = try Scratch()
    }

    @Test func createMakesASparseFileOfTheRequestedSize() throws {
        let path = directory + "/v"
        try SparseFile.create(at: path, bytes: 1 << 30)
        #expect(try SparseFile.size(of: path) == 1 << 30)
        #expect(try SparseFile.allocatedBytes(of: path) < 1 << 20)
        #expect(try Device(path: path, writable: false).size == 1 << 30)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func createIsIdempotentForTheSameSizeAndRefusesAnotherSize() throws {
        let path = directory + "/v"
        try SparseFile.create(at: path, bytes: 4096)
        try SparseFile.create(at: path, bytes: 4096)
        #expect(throws: SystemError.self) { try SparseFile.create(at: path, bytes: 8192) }
        #expect(try SparseFile.size(of: path) == 4096)
    }

    @Test func removeReportsWhetherAFileWasThere() throws {
        let path = directory + "/v"
        try SparseFile.create(at: path, bytes: 4096)
        #expect(try SparseFile.remove(at: path) == true)
        #expect(try SparseFile.remove(at: path) == false)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func createInAMissingDirectoryFailsWithThePathInTheMessage() throws {
        let path = directory + "/missing/v"
        let error = #expect(throws: SystemError.self) { try SparseFile.create(at: path, bytes: 4096) }
        #expect(error?.description.contains(path) == true)
    }

    @Test func filesystemUsageReportsPlausibleFigures() throws {
        let usage = try FilesystemUsage.of(directory)
        #expect(usage.totalBytes > 0)
        #expect(usage.availableBytes <= usage.totalBytes)
    }

    @Test func aCharacterDeviceIsRefused() throws {
        #expect(throws: DataPathError.notFileOrBlockDevice(path: "/dev/null")) { try Device(path: "/dev/null", writable: false) }
    }
}
