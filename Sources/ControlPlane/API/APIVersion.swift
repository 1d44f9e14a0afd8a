package import EmberModel

/// A Cinder microversion, `3.N`, as sent in `OpenStack-API-Version: volume 3.N`.
package struct APIVersion: Comparable, Sendable, CustomStringConvertible {
    package var major: Int
    package var minor: Int

    package init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The lowest and highest versions Ember honours. Raise `maximum` only when every behaviour that
    /// the versions up to it gate is implemented.
    package static let minimum = APIVersion(3, 0)
    package static let maximum = APIVersion(3, 71)

    // Versions whose gates the volume view honours.
    package static let serviceCluster = APIVersion(3, 7)
    package static let manageable = APIVersion(3, 8)
    package static let volumeFromBackup = APIVersion(3, 47)
    package static let strictVolumeBodies = APIVersion(3, 53)
    package static let volumeSummary = APIVersion(3, 12)
    package static let metadataETag = APIVersion(3, 15)
    package static let forceDeleteParameter = APIVersion(3, 23)
    package static let resourceFilters = APIVersion(3, 33)
    package static let workersCleanup = APIVersion(3, 24)
    package static let summaryMetadata = APIVersion(3, 36)
    package static let limitsForProject = APIVersion(3, 39)
    package static let typeExtraSpecsFilter = APIVersion(3, 52)
    package static let groupID = APIVersion(3, 13)
    package static let groupSnapshotID = APIVersion(3, 14)
    package static let providerID = APIVersion(3, 21)
    package static let likeFilters = APIVersion(3, 34)
    package static let snapshotUserID = APIVersion(3, 41)
    package static let revertToSnapshot = APIVersion(3, 40)
    package static let attachments = APIVersion(3, 27)
    package static let attachmentComplete = APIVersion(3, 44)
    package static let attachmentMode = APIVersion(3, 54)
    package static let withCount = APIVersion(3, 45)
    package static let sharedTargets = APIVersion(3, 48)
    package static let backendState = APIVersion(3, 49)
    package static let timeComparisonFilters = APIVersion(3, 60)
    package static let messages = APIVersion(3, 3)
    package static let groupTypes = APIVersion(3, 11)
    package static let groupSnapshotStatusReset = APIVersion(3, 19)
    package static let groupStatusReset = APIVersion(3, 20)
    package static let groupVolumeList = APIVersion(3, 25)
    package static let groupReplication = APIVersion(3, 38)
    package static let groupProjectID = APIVersion(3, 58)
    package static let transferWithSnapshots = APIVersion(3, 55)
    package static let transferWithHistory = APIVersion(3, 57)
    package static let clusterName = APIVersion(3, 61)
    package static let defaultTypeOverrides = APIVersion(3, 62)
    package static let volumeTypeIDInDetail = APIVersion(3, 63)
    package static let encryptionKeyID = APIVersion(3, 64)
    package static let useQuota = APIVersion(3, 65)
    package static let snapshotInUse = APIVersion(3, 66)
    package static let reimage = APIVersion(3, 68)
    package static let sharedTargetsTristate = APIVersion(3, 69)
    package static let transferEncrypted = APIVersion(3, 70)
    package static let extendVolumeCompletion = APIVersion(3, 71)

    package var description: String { "\(major).\(minor)" }

    package static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// Reads the value of an `OpenStack-API-Version` header. Another service's entry leaves the default;
    /// a malformed or unsupported version is a fault (400 and 406, as in Cinder).
    package static func negotiate(header: String?) throws(Fault) -> APIVersion {
        guard let header else { return minimum }
        for entry in header.split(separator: ",") {
            let words = entry.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 2, words[0].lowercased() == "volume" else { continue }
            return try parse(String(words[1]))
        }
        return minimum
    }

    static func parse(_ text: String) throws(Fault) -> APIVersion {
        if text.lowercased() == "latest" { return maximum }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
            throw Fault.badRequest("API Version String \(text) is of invalid format. Must be of format MajorNum.MinorNum.")
        }
        let version = APIVersion(major, minor)
        guard version >= minimum, version <= maximum else {
            throw Fault(.notAcceptable, "Version \(version) is not supported by the API. Minimum is \(minimum) and maximum is \(maximum).")
        }
        return version
    }
}
