/// A plain HTTP request (not a WebSocket upgrade) with its whole body, as a server's HTTP handler receives it.
public struct HTTPRequest: Sendable, Hashable {
    /// The request line and header fields.
    public var head: HTTPRequestHead
    /// The body, decoded from its `Content-Length` or chunked framing (empty when there was none).
    public var body: [UInt8]

    /// A request with the given parts.
    public init(head: HTTPRequestHead, body: [UInt8] = []) {
        self.head = head
        self.body = body
    }

    /// The method token, e.g. `GET`.
    public var method: String { head.method }
    /// The request-target exactly as sent.
    public var target: String { head.target }
    /// The path of the target (before `?`).
    public var path: String { head.path }
    /// The query of the target (after `?`), or nil.
    public var query: String? { head.query }
    /// The header fields in order.
    public var headers: HTTPHeaders { head.headers }
    /// The protocol version of the request line.
    public var version: HTTPVersion { head.version }
    /// The body as UTF-8 text (invalid sequences become U+FFFD).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
