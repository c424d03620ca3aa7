extension WebSocketServer {
    /// Starts a server whose connections are handed to `onConnection` as async `WebSocket`s, each in its own task.
    /// See `start(host:port:configuration:group:maximumConnections:backlog:decideUpgrade:handleHTTP:makeDelegate:)`.
    public static func start(
        host: String, port: Int, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        group: EventLoopGroup? = nil, maximumConnections: Int? = nil, security: (any StreamSecurity)? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) -> UpgradeDecision = { _ in .accept },
        handleHTTP: @escaping @Sendable (HTTPRequestHead) -> HTTPResponse = { _ in .upgradeRequired },
        onConnection: @escaping @Sendable (WebSocket) async -> Void
    ) throws -> WebSocketServer {
        let limit = AsyncBridge.QueueLimit(configuration)
        return try start(
            host: host, port: port, configuration: configuration, group: group, maximumConnections: maximumConnections,
            security: security, decideUpgrade: decideUpgrade, handleHTTP: handleHTTP
        ) { channel in
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
    /// Connects to a `ws://` or `wss://` URL (through `proxy`, following up to `maximumRedirects` redirects: see
    /// `WebSocketClient.connect`) and returns the open connection; `route` tells how it got there.
    public static func connect(
        to url: String, headers: HTTPHeaders = HTTPHeaders(), subprotocols: [String] = [], origin: String? = nil,
        configuration: WebSocketConfiguration = WebSocketConfiguration(), on loop: EventLoop? = nil,
        metrics: WebSocketMetrics? = nil, security: (any StreamSecurity)? = nil,
        proxy: WebSocketProxyConfiguration = .none, maximumRedirects: Int = WebSocketClient.defaultMaximumRedirects
    ) async throws(WebSocketConnectError) -> WebSocket {
        let bridge = AsyncBridge(limit: AsyncBridge.QueueLimit(configuration))
        let channel = try await WebSocketClient.connect(
            to: url, headers: headers, subprotocols: subprotocols, origin: origin, configuration: configuration,
            on: loop, metrics: metrics, security: security, proxy: proxy, maximumRedirects: maximumRedirects,
            delegate: bridge)
        return WebSocket(channel: channel, bridge: bridge)
    }
}
