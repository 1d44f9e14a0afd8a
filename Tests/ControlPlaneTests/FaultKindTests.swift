import EmberAPI
import EmberModel
import Testing

@Suite("Domain faults and their HTTP face")
struct FaultKindTests {
    @Test(arguments: Fault.Kind.allCases)
    func everyKindHasItsOwnStatusAndComesBackFromIt(kind: Fault.Kind) {
        #expect(Fault.Kind(status: kind.status) == kind)
        #expect(Fault.Kind.allCases.filter { $0.status == kind.status } == [kind])
    }

    @Test func faultNamesAreCinders() {
        let names = Dictionary(uniqueKeysWithValues: Fault.Kind.allCases.map { ($0.status, $0.faultName) })
        #expect(
            names == [
                400: "badRequest", 401: "unauthorized", 403: "forbidden", 404: "itemNotFound", 405: "badMethod",
                406: "computeFault", 409: "conflictingRequest", 412: "computeFault", 413: "overLimit", 415: "badMediaType",
                429: "overLimit", 500: "computeFault", 501: "notImplemented", 503: "serviceUnavailable",
            ])
    }

    @Test func aStatusWithoutAKindIsAClientOrAServerFault() {
        #expect(Fault(status: 418, message: "teapot").kind == .badRequest)
        #expect(Fault(status: 502, message: "gateway").kind == .internalError)
    }
}
