/// How a client connection got to its server: the redirects it followed and the proxy of the last connection.
public struct WebSocketRoute: Sendable, Hashable, CustomStringConvertible {
    /// The URL the connection is open to (the first URL when nothing redirected).
    public var url: String
    /// The proxy the connection tunnels through (`CONNECT`), or nil when it is direct.
    public var proxy: HTTPProxy?
    /// The redirects followed, in order.
    public var redirects: [WebSocketRedirect]
    /// The Unix-domain socket the connection goes through, or nil over TCP.
    public var unixSocketPath: String?

    /// A route to `url`.
    public init(url: String, proxy: HTTPProxy? = nil, redirects: [WebSocketRedirect] = []) {
        self.url = url
        self.proxy = proxy
        self.redirects = redirects
    }

    /// `ws://… via proxy http://host:port after 2 redirects`.
    public var description: String {
        var text = url
        if let proxy { text += " via proxy \(proxy)" }
        if let unixSocketPath { text += " via unix:\(unixSocketPath)" }
        if !redirects.isEmpty { text += " after \(redirects.count) redirect\(redirects.count == 1 ? "" : "s")" }
        return text
    }
}
