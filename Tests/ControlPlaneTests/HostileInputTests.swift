@testable import ControlPlane
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// Inputs a hostile caller sends: each once crashed or corrupted the server, and each must be a 4xx.
@Suite("Hostile input is a 4xx fault, never a crash")
struct HostileInputTests {
    static let listings = ["/v3/p1/volumes", "/v3/p1/volumes/detail", "/v3/p1/volumes/summary",
                           "/v3/p1/snapshots", "/v3/p1/snapshots/detail"]
    static let badSorts = [":", "::", ",:", "name:asc,:", ":,name", ",", "name,", ":asc"]

    @Test(arguments: listings)
    func emptySortKeysAre400(_ path: String) async throws {
        try await TestCluster.run { cluster in
            try await Application(router: cluster.api.router()).test(.router) { client in
                for sort in Self.badSorts {
                    let query = sort.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? sort
                    let response = try await client.send(.get, "\(path)?sort=\(query)", version: "volume 3.60")
                    #expect(response.status == .badRequest, "sort=\(sort) on \(path): \(response.status)")
                    #expect(response.fault?.message.contains("Invalid sort key") == true, "\(response.json)")
                }
                let emptyDirection = try await client.send(.get, "\(path)?sort=name:", version: "volume 3.60")
                #expect(emptyDirection.status == .ok, "an empty direction is the default one, as in Cinder")
            }
        }
    }

    @Test func sortKeySplitsAtTheFirstColon() {
        #expect(Listing.splitSortKey(":") == ("", nil))
        #expect(Listing.splitSortKey(" name : asc ") == ("name", "asc"))
        #expect(Listing.splitSortKey("name") == ("name", nil))
        #expect(Listing.splitSortKey("name:asc:x") == ("name", "asc:x"))
    }
}
