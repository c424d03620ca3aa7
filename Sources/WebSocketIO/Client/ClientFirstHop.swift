/// How one connection attempt reaches the WebSocket server's host: its first hop. Whatever the hop, the result is a
/// `TCPConnection` on which TLS (for wss://) and then the WebSocket handshake run, so another kind of first hop (a
/// Unix-domain socket, a SOCKS proxy) is one more case here and in `ClientConnectAttempt.open`.
enum ClientFirstHop: Sendable {
    /// TCP straight to the URL's host and port.
    case direct
    /// TCP to an HTTP proxy, then a `CONNECT` tunnel to the URL's host and port.
    case httpProxy(HTTPProxy)
    /// A Unix-domain socket at `path` (the URL's host and port name no address).
    case unixSocket(path: String)

    /// The proxy, if any.
    var proxy: HTTPProxy? {
        if case .httpProxy(let proxy) = self { return proxy }
        return nil
    }
}
