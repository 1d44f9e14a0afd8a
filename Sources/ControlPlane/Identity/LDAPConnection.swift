import CLDAP
import Foundation

/// One synchronous libldap session. Calls block, so `LDAPIdentityBackend` runs them off the
/// cooperative pool; a connection is used by one operation and then unbound.
final class LDAPConnection {
    struct Entry: Equatable {
        var dn: String
        var attributes: [String: [String]]

        func first(_ name: String) -> String? { attributes[name.lowercased()]?.first }
    }

    private let handle: OpaquePointer
    private let timeout: Int
    private let ldap: ember_ldap_api

    init(url: String, timeout: Int) throws {
        ldap = try Self.library()
        var handle: OpaquePointer?
        let status = ldap.initialize(&handle, url)
        guard status == LDAP_SUCCESS, let handle else { throw LDAPError("cannot open \(url): \(Self.message(status))") }
        self.handle = handle
        self.timeout = timeout
        var version = LDAP_VERSION3
        _ = ldap.set_option(handle, LDAP_OPT_PROTOCOL_VERSION, &version)
        var network = ember_ldap_seconds(timeout)
        _ = ldap.set_option(handle, LDAP_OPT_NETWORK_TIMEOUT, &network)
    }

    deinit { _ = ldap.unbind_ext_s(handle, nil, nil) }

    /// A simple bind; anonymous when `dn` is nil. Returns libldap's result code.
    func bind(dn: String?, password: String?) -> Int32 {
        let secret = Array((password ?? "").utf8CString)
        return secret.withUnsafeBufferPointer { buffer in
            var credentials = berval(bv_len: ber_len_t(buffer.count - 1), bv_val: UnsafeMutablePointer(mutating: buffer.baseAddress))
            return ldap.sasl_bind_s(handle, dn, nil, &credentials, nil, nil, nil)
        }
    }

    /// Binds or throws with the directory's reason.
    func bindOrThrow(dn: String?, password: String?) throws {
        let status = bind(dn: dn, password: password)
        guard status == LDAP_SUCCESS else { throw LDAPError("LDAP bind as \(dn ?? "anonymous") failed: \(Self.message(status))") }
    }

    func search(base: String, subtree: Bool, filter: String, attributes: [String]) throws -> [Entry] {
        var cAttributes: [UnsafeMutablePointer<CChar>?] = attributes.map { strdup($0) } + [nil]
        defer { for attribute in cAttributes { free(attribute) } }
        var result: OpaquePointer?
        var limit = ember_ldap_seconds(timeout)
        let status = ldap.search_ext_s(
            handle, base, subtree ? LDAP_SCOPE_SUBTREE : LDAP_SCOPE_ONELEVEL, filter, &cAttributes, 0, nil, nil, &limit, 1000, &result)
        defer { if let result { _ = ldap.msgfree(result) } }
        if status == LDAP_NO_SUCH_OBJECT { return [] }
        guard status == LDAP_SUCCESS else { throw LDAPError("LDAP search under \(base) failed: \(Self.message(status))") }
        var entries: [Entry] = []
        var entry = ldap.first_entry(handle, result)
        while let current = entry {
            entries.append(read(current, attributes: attributes))
            entry = ldap.next_entry(handle, current)
        }
        return entries
    }

    private func read(_ entry: OpaquePointer, attributes: [String]) -> Entry {
        var dn = ""
        if let raw = ldap.get_dn(handle, entry) {
            dn = String(cString: raw)
            ldap.memfree(raw)
        }
        var values: [String: [String]] = [:]
        for attribute in attributes {
            guard let list = ldap.get_values_len(handle, entry, attribute) else { continue }
            var index = 0
            var strings: [String] = []
            while let value = list[index] {
                let bytes = UnsafeRawBufferPointer(start: value.pointee.bv_val, count: Int(value.pointee.bv_len))
                strings.append(String(decoding: bytes, as: UTF8.self))
                index += 1
            }
            ldap.value_free_len(list)
            values[attribute.lowercased()] = strings
        }
        return Entry(dn: dn, attributes: values)
    }

    static func message(_ status: Int32) -> String {
        (try? library())?.err2string(status).map { String(cString: $0) } ?? "LDAP error \(status)"
    }

    /// libldap's functions, loaded on the first connection (`CLDAP`).
    private static func library() throws -> ember_ldap_api {
        var error: UnsafePointer<CChar>?
        guard let api = ember_ldap_load(&error) else {
            throw LDAPError("cannot load libldap: \(error.map { String(cString: $0) } ?? "unknown error")")
        }
        return api.pointee
    }

    /// RFC 4515: a value placed in a filter cannot change the filter.
    static func escape(_ value: String) -> String {
        return String(
            decoding: Array(value.utf8).flatMap { byte -> [UInt8] in
                switch byte {
                case UInt8(ascii: "*"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"), 0: Array(String(format: "\\%02x", byte).utf8)
                default: [byte]
                }
            }, as: UTF8.self)
    }
}
