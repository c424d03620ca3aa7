import Synchronization

/// Opens client WebSocket connections.
public enum WebSocketClient {
    /// The loops client connections run on when none is given: one loop, started on first use.
    public static let sharedGroup: EventLoopGroup = {
        do {
            return try EventLoopGroup(numberOfThreads: 1)
        } catch {
            fatalError("cannot start the client event loop: \(error)")
        }
    }()

    /// The redirects a client follows by default.
    public static let defaultMaximumRedirects = 10

    /// Connects to a `ws://` or `wss://` URL, runs the opening handshake, and returns the open channel with
    /// `delegate` installed. `headers`, `subprotocols` and `origin` go into the request; the connect, the proxy's
    /// `CONNECT` and the handshake each time out after `configuration.handshakeTimeout`.
    ///
    /// - `proxy`: whether connections tunnel through an HTTP proxy (`CONNECT`, RFC 9110 §9.3.6); decided again
    ///   for every URL of a redirect chain. For wss://, TLS runs inside the tunnel and checks the real host.
    /// - `maximumRedirects`: how many redirects (301, 302, 303, 307, 308 with a `Location`, RFC 9110 §15.4) to
    ///   follow, each with a new connection; `ws://` may lead to `wss://`, never the reverse. 0 follows none.
    ///
    /// - `unixSocketPath`: every connection (each URL of a redirect chain, as curl's `--unix-socket` does) goes to
    ///   this Unix-domain socket instead of the URL's host and port, never through a proxy; the URL still gives the
    ///   request's `Host` and target, and wss:// still runs TLS checked against the URL's host.
    ///
    /// - `localAddress`: a numeric IPv4 or IPv6 address the connection's socket binds before it connects (the
    ///   kernel picks the port), for example `127.0.0.2` to spread many loopback connections over several source
    ///   addresses so that their ephemeral ports do not run out; it applies to the connection to the server or
    ///   proxy. A value that is not a numeric address, or one given with `unixSocketPath`, is
    ///   `.invalidLocalAddress`; a server address of the other family fails with `.transport` (`bind`).
    ///
    /// The channel's `route` tells the final URL, the proxy or socket, and the redirects followed.
    public static func connect(
        to url: String, unixSocketPath: String? = nil, headers: HTTPHeaders = HTTPHeaders(), subprotocols: [String] = [],
        origin: String? = nil,
        configuration: WebSocketConfiguration = WebSocketConfiguration(), on loop: EventLoop? = nil,
        metrics: WebSocketMetrics? = nil, security: (any StreamSecurity)? = nil,
        proxy: WebSocketProxyConfiguration = .none, maximumRedirects: Int = defaultMaximumRedirects,
        localAddress: String? = nil, delegate: any WebSocketChannelDelegate & Sendable
    ) async throws(WebSocketConnectError) -> WebSocketChannel {
        guard let parsed = WebSocketURL(url) else { throw .invalidURL(url) }
        do { try configuration.validate() } catch { throw .invalidConfiguration(error) }
        var source: SocketAddress?
        if let localAddress {
            guard unixSocketPath == nil else {
                throw .invalidLocalAddress(localAddress, reason: "a Unix-domain socket has no source address")
            }
            guard let address = SocketAddress(numericHost: localAddress) else {
                throw .invalidLocalAddress(localAddress, reason: "not a numeric IPv4 or IPv6 address")
            }
            source = address
        }
        let request = ClientConnectAttempt.Request(
            headers: headers, subprotocols: subprotocols, origin: origin, configuration: configuration,
            metrics: metrics, security: security, localAddress: source, delegate: delegate)
        let loop = loop ?? sharedGroup.next()
        var tracker = WebSocketRedirectTracker(start: parsed, limit: maximumRedirects)
        while true {
            let current = tracker.current
            guard !current.isSecure || security != nil else {
                throw .invalidURL("\(current): wss:// needs a StreamSecurity (build with the TLS trait)")
            }
            let hop: ClientFirstHop
            do {
                if let unixSocketPath {
                    hop = .unixSocket(path: unixSocketPath)
                } else {
                    hop = try proxy.proxy(for: current).map(ClientFirstHop.httpProxy) ?? .direct
                }
            } catch {
                throw .invalidProxy(error)
            }
            var route = WebSocketRoute(url: current.description, proxy: hop.proxy, redirects: tracker.redirects)
            route.unixSocketPath = unixSocketPath
            let attempt = ClientConnectAttempt(url: current, hop: hop, route: route, request: request)
            switch await attempt.run(on: loop) {
            case .success(let channel):
                return channel
            case .failure(.handshake(.redirected(let status, let location))):
                do { _ = try tracker.follow(status: status, location: location) } catch { throw .redirect(error) }
            case .failure(let error):
                throw error
            }
        }
    }
}
