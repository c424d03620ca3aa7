/// The head of an HTTP/1.x response: status line and header fields (RFC 9112 §4, §5).
public struct HTTPResponseHead: Sendable, Hashable {
    /// The protocol version of the status line.
    public var version: HTTPVersion
    /// The three-digit status code, 100…999.
    public var status: Int
    /// The reason phrase (may be empty; carries no meaning).
    public var reason: String
    /// The header fields in order.
    public var headers: HTTPHeaders

    /// A response head with the given parts.
    public init(version: HTTPVersion = .http11, status: Int, reason: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
    }
}
