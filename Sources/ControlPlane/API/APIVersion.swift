public import EmberModel

/// A Cinder microversion, `3.N`, as sent in `OpenStack-API-Version: volume 3.N`.
public struct APIVersion: Comparable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The lowest and highest versions Ember honours. Raise `maximum` only when every behaviour that
    /// the versions up to it gate is implemented.
    public static let minimum = APIVersion(3, 0)
    public static let maximum = APIVersion(3, 60)

    // Versions whose gates the volume view honours.
    public static let serviceCluster = APIVersion(3, 7)
    public static let volumeSummary = APIVersion(3, 12)
    public static let metadataETag = APIVersion(3, 15)
    public static let forceDeleteParameter = APIVersion(3, 23)
    public static let resourceFilters = APIVersion(3, 33)
    public static let summaryMetadata = APIVersion(3, 36)
    public static let limitsForProject = APIVersion(3, 39)
    public static let typeExtraSpecsFilter = APIVersion(3, 52)
    public static let groupID = APIVersion(3, 13)
    public static let groupSnapshotID = APIVersion(3, 14)
    public static let providerID = APIVersion(3, 21)
    public static let likeFilters = APIVersion(3, 34)
    public static let snapshotUserID = APIVersion(3, 41)
    public static let revertToSnapshot = APIVersion(3, 40)
    public static let attachments = APIVersion(3, 27)
    public static let attachmentComplete = APIVersion(3, 44)
    public static let attachmentMode = APIVersion(3, 54)
    public static let withCount = APIVersion(3, 45)
    public static let sharedTargets = APIVersion(3, 48)
    public static let backendState = APIVersion(3, 49)
    public static let timeComparisonFilters = APIVersion(3, 60)

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// Reads the value of an `OpenStack-API-Version` header. Another service's entry leaves the default;
    /// a malformed or unsupported version is a fault (400 and 406, as in Cinder).
    public static func negotiate(header: String?) throws(Fault) -> APIVersion {
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
