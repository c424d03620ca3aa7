/// A plain HTTP response, for requests that are not WebSocket upgrades.
///
/// `Content-Length`, `Connection` and `Transfer-Encoding` are the server's to set (any given here are ignored). A
/// response whose fields cannot be sent as given (a name that is not a token, a value holding CR, LF or another
/// control character: an attempt at header injection) is never written: `WS-HTTP-RESPONSE-SAFE` answers 500
/// instead.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code (100–999; anything else is sent as 500).
    public var status: Int
    /// The reason phrase (control characters and non-ASCII are dropped).
    public var reason: String
    /// Header fields.
    public var headers: HTTPHeaders
    /// The body.
    public var body: [UInt8]

    /// A response with the given parts.
    public init(status: Int, reason: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// A response with `status`, its standard reason phrase and `body` as UTF-8 text (`text/plain` unless
    /// `headers` names a content type).
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), text body: String) {
        self.init(status: status, reason: Self.reasonPhrase(status), headers: headers, body: Array(body.utf8))
    }

    /// The default for non-upgrade requests: 426 Upgrade Required, naming the protocol to upgrade to.
    public static let upgradeRequired = HTTPResponse(
        status: 426, reason: "Upgrade Required",
        headers: ["Upgrade": "websocket", "Sec-WebSocket-Version": "13"],
        body: Array("This is a WebSocket endpoint; send an upgrade request.\n".utf8))

    /// 404 Not Found with a short body.
    public static let notFound = HTTPResponse(status: 404, text: "not found\n")

    /// The bytes on the wire, for a connection that closes after it.
    public var bytes: [UInt8] { rendered(keepAlive: false, omitBody: false) }

    /// The fields the server sets itself.
    static let reservedFields = ["Content-Length", "Connection", "Transfer-Encoding"]

    /// This response, or a 500 when one of its fields cannot be sent as given (`WS-HTTP-RESPONSE-SAFE`).
    public var safe: HTTPResponse {
        guard HTTPHeadWriter.firstUnsendableField(in: headers, reserved: []) != nil else { return self }
        return HTTPResponse(status: 500, text: "the handler's response had a field that cannot be sent\n")
    }

    /// The bytes on the wire: `Connection: keep-alive` or `close`, `Content-Length` of the body, and the body
    /// unless `omitBody` (the answer to a HEAD request, RFC 9110 §9.3.2).
    func rendered(keepAlive: Bool, omitBody: Bool) -> [UInt8] {
        HTTPResponseRenderer.render(
            status: status, reason: reason, headers: headers, body: body, keepAlive: keepAlive, omitBody: omitBody)
    }

    /// The standard reason phrase of `status` (RFC 9110 §15), or an empty string for one without a name here.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 426: "Upgrade Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: ""
        }
    }
}
