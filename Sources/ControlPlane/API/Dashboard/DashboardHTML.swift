import EmberModel
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The dashboard's pages as HTTP responses: Mustache templates embedded in the binary (every `{{value}}`
/// HTML-escaped), served with headers that keep a page from loading anything from elsewhere, from
/// being framed, or from being cached.
enum DashboardHTML {
    /// The templates by name, parsed once. A template that does not parse is a build defect the
    /// dashboard tests catch (every page is rendered there).
    static let library: MustacheLibrary = {
        let sources: [String: [UInt8]] = [
            "layout": PackageResources.layout_mustache, "login": PackageResources.login_mustache, "error": PackageResources.error_mustache,
            "overview": PackageResources.overview_mustache, "volumes": PackageResources.volumes_mustache,
            "volume": PackageResources.volume_mustache, "snapshots": PackageResources.snapshots_mustache,
            "types": PackageResources.types_mustache, "services": PackageResources.services_mustache,
            "messages": PackageResources.messages_mustache,
        ]
        var library = MustacheLibrary()
        for (name, bytes) in sources {
            // A parse error leaves the template out; rendering it then fails loudly (`page` below).
            try? library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        return library
    }()

    /// Only this server's own script, style sheet and event stream; no inline script, no framing.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xFrameOptions: "DENY",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "same-origin",
        .cacheControl: "no-store",
    ]

    /// The template rendered with `values`, as an HTML response.
    static func page(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        guard let html = library.render(values, withTemplate: template) else {
            return Response(
                status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "The dashboard's template \(template) is missing.")))
        }
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// 303 to `location` on this server (after a form, so a reload does not post it again).
    static func redirect(_ location: String, setting cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store", .contentLength: "0"])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// The script and the style sheet, cacheable for an hour.
    static func asset(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600", .xContentTypeOptions: "nosniff"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A date as the pages show it (UTC, to the second).
    static func date(_ date: Date?) -> String {
        guard let date else { return "" }
        return date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
