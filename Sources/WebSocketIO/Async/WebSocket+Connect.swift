extension WebSocketServer {
    /// Starts a server whose connections are handed to `onConnection` as async `WebSocket`s, each in its own task.
    /// See `start(host:port:configuration:group:maximumConnections:backlog:decideUpgrade:handleHTTP:makeDelegate:)`.
    public static func start(
        host: String, port: Int, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        group: EventLoopGroup? = nil, maximumConnections: Int? = nil, security: (any StreamSecurity)? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) -> UpgradeDecision = { _ in .accept },
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        onConnection: @escaping @Sendable (WebSocket) async -> Void
    ) throws -> WebSocketServer {
        try start(
            listener: .tcp(host: host, port: port), configuration: configuration, group: group,
            maximumConnections: maximumConnections, backlog: 1024, security: security, decideUpgrade: .immediate(decideUpgrade),
            handleHTTP: handleHTTP, makeDelegate: asyncDelegates(configuration, onConnection))
    }

    /// Starts a server on a Unix-domain socket whose connections are handed to `onConnection` as async
    /// `WebSocket`s (see `start(unixPath:permissions:configuration:…makeDelegate:)`).
    public static func start(
        unixPath path: String, permissions: UInt16 = 0o600, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        group: EventLoopGroup? = nil, maximumConnections: Int? = nil, security: (any StreamSecurity)? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) -> UpgradeDecision = { _ in .accept },
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        onConnection: @escaping @Sendable (WebSocket) async -> Void
    ) throws -> WebSocketServer {
        try start(
            listener: .unix(path: path, permissions: permissions), configuration: configuration, group: group,
            maximumConnections: maximumConnections, backlog: 1024, security: security, decideUpgrade: .immediate(decideUpgrade),
            handleHTTP: handleHTTP, makeDelegate: asyncDelegates(configuration, onConnection))
    }

    /// The delegate factory behind the async API: each connection gets a bridge, and `onConnection` runs in its
    /// own task once the connection is open.
    static func asyncDelegates(
        _ configuration: WebSocketConfiguration, _ onConnection: @escaping @Sendable (WebSocket) async -> Void
    ) -> @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate {
        let limit = AsyncBridge.QueueLimit(configuration)
        return { channel in
            let bridge = AsyncBridge(limit: limit)
            bridge.channel = channel
            let socket = WebSocket(channel: channel, bridge: bridge)
            // Started once the connection is open, not now: the handler must see the subprotocol and request.
            bridge.onOpen = { Task { await onConnection(socket) } }
            return bridge
        }
    }
}

extension WebSocket {
    /// Connects to a `ws://` or `wss://` URL (through `proxy`, or over the Unix-domain socket `unixSocketPath`,
    /// following up to `maximumRedirects` redirects, from the source address `localAddress`: see
    /// `WebSocketClient.connect`) and returns the open connection; `route` tells how it got there.
    public static func connect(
        to url: String, unixSocketPath: String? = nil, headers: HTTPHeaders = HTTPHeaders(), subprotocols: [String] = [],
        origin: String? = nil,
        configuration: WebSocketConfiguration = WebSocketConfiguration(), on loop: EventLoop? = nil,
        metrics: WebSocketMetrics? = nil, security: (any StreamSecurity)? = nil,
        proxy: WebSocketProxyConfiguration = .none, maximumRedirects: Int = WebSocketClient.defaultMaximumRedirects,
        localAddress: String? = nil
    ) async throws(WebSocketConnectError) -> WebSocket {
        let bridge = AsyncBridge(limit: AsyncBridge.QueueLimit(configuration))
        let channel = try await WebSocketClient.connect(
            to: url, unixSocketPath: unixSocketPath, headers: headers, subprotocols: subprotocols, origin: origin,
            configuration: configuration, on: loop, metrics: metrics, security: security, proxy: proxy, maximumRedirects: maximumRedirects,
            localAddress: localAddress, delegate: bridge)
        return WebSocket(channel: channel, bridge: bridge)
    }
}
