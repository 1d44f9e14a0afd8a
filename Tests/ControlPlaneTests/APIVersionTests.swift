import Testing

@testable import EmberAPI
@testable import EmberModel

@Suite("Microversion negotiation")
struct APIVersionTests {
    @Test func missingHeaderMeansTheMinimum() throws {
        #expect(try APIVersion.negotiate(header: nil) == APIVersion(3, 0))
    }

    @Test func volumeEntryIsReadAndOthersIgnored() throws {
        #expect(try APIVersion.negotiate(header: "volume 3.27") == APIVersion(3, 27))
        #expect(try APIVersion.negotiate(header: "compute 2.1, volume 3.5") == APIVersion(3, 5))
        #expect(try APIVersion.negotiate(header: "compute 2.1") == APIVersion(3, 0))
        #expect(try APIVersion.negotiate(header: "volume latest") == APIVersion.maximum)
    }

    @Test func unsupportedVersionIs406AndMalformedIs400() {
        #expect(throws: Fault(.notAcceptable, "Version 3.99 is not supported by the API. Minimum is 3.0 and maximum is \(APIVersion.maximum).")) {
            try APIVersion.negotiate(header: "volume 3.99")
        }
        #expect(throws: Fault(.notAcceptable, "Version 2.0 is not supported by the API. Minimum is 3.0 and maximum is \(APIVersion.maximum).")) {
            try APIVersion.negotiate(header: "volume 2.0")
        }
        #expect((try? APIVersion.negotiate(header: "volume 3.x")) == nil)
    }
}
