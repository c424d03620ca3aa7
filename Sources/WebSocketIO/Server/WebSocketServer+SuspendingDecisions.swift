/// The servers whose upgrade decisions may suspend (`WS-UPGRADE-ASYNC`).
///
/// `decideUpgrade` runs in a task of its own for each valid upgrade request, so it may await anything (a token
/// looked up in a database, a call to an auth service) while the event loop goes on serving other connections.
/// Meanwhile the connection reads nothing more; bytes that already came behind the request are kept (up to the
/// handshake size limit) and processed once the connection opens. The handshake timeout covers the decision: a
/// request still undecided when it expires is dropped and its task cancelled, and a decision that arrives after the
/// connection ended is ignored (no delegate is made).
///
/// ```swift
/// let server = try WebSocketServer.start(host: "0.0.0.0", port: 9001, decideUpgrade: { request in
///     guard let token = request.bearerToken, await sessions.isValid(token) else {
///         return .reject(status: 401, reason: "Unauthorized")
///     }
///     return .accept
/// }) { channel in ChatDelegate() }
/// ```
///
/// A closure without `await` picks the overload that decides at once, on the loop, at no extra cost.
extension WebSocketServer {
    /// Binds to `host`:`port` and starts serving, deciding upgrades with a `decideUpgrade` that may suspend (see
    /// the extension's discussion); everything else is as for
    /// `start(host:port:configuration:group:maximumConnections:backlog:security:decideUpgrade:handleHTTP:makeDelegate:)`.
    public static func start(
        host: String, port: Int, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        group: EventLoopGroup? = nil, maximumConnections: Int? = nil, backlog: Int32 = 1024,
        security: (any StreamSecurity)? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) async -> UpgradeDecision,
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        makeDelegate: @escaping @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate
    ) throws -> WebSocketServer {
        try start(
            listener: .tcp(host: host, port: port), configuration: configuration, group: group,
            maximumConnections: maximumConnections, backlog: backlog, security: security,
            decideUpgrade: .suspending(decideUpgrade), handleHTTP: handleHTTP, makeDelegate: makeDelegate)
    }

    /// Listens on the Unix-domain socket `path`, deciding upgrades with a `decideUpgrade` that may suspend; see
    /// `start(unixPath:permissions:configuration:group:maximumConnections:backlog:security:decideUpgrade:handleHTTP:makeDelegate:)`.
    public static func start(
        unixPath path: String, permissions: UInt16 = 0o600, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        group: EventLoopGroup? = nil, maximumConnections: Int? = nil, backlog: Int32 = 1024,
        security: (any StreamSecurity)? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) async -> UpgradeDecision,
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        makeDelegate: @escaping @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate
    ) throws -> WebSocketServer {
        try start(
            listener: .unix(path: path, permissions: permissions), configuration: configuration, group: group,
            maximumConnections: maximumConnections, backlog: backlog, security: security,
            decideUpgrade: .suspending(decideUpgrade), handleHTTP: handleHTTP, makeDelegate: makeDelegate)
    }

    /// An async-API server (connections handed to `onConnection` as `WebSocket`s) whose `decideUpgrade` may
    /// suspend.
    public static func start(
        host: String, port: Int, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        group: EventLoopGroup? = nil, maximumConnections: Int? = nil, security: (any StreamSecurity)? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) async -> UpgradeDecision,
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        onConnection: @escaping @Sendable (WebSocket) async -> Void
    ) throws -> WebSocketServer {
        try start(
            listener: .tcp(host: host, port: port), configuration: configuration, group: group,
            maximumConnections: maximumConnections, backlog: 1024, security: security,
            decideUpgrade: .suspending(decideUpgrade), handleHTTP: handleHTTP,
            makeDelegate: asyncDelegates(configuration, onConnection))
    }

    /// An async-API server on the Unix-domain socket `path` whose `decideUpgrade` may suspend.
    public static func start(
        unixPath path: String, permissions: UInt16 = 0o600, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        group: EventLoopGroup? = nil, maximumConnections: Int? = nil, security: (any StreamSecurity)? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) async -> UpgradeDecision,
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        onConnection: @escaping @Sendable (WebSocket) async -> Void
    ) throws -> WebSocketServer {
        try start(
            listener: .unix(path: path, permissions: permissions), configuration: configuration, group: group,
            maximumConnections: maximumConnections, backlog: 1024, security: security,
            decideUpgrade: .suspending(decideUpgrade), handleHTTP: handleHTTP,
            makeDelegate: asyncDelegates(configuration, onConnection))
    }
}
