import Synchronization

/// A WebSocket server: accepts TCP connections on its event loops, runs the opening handshake, asks the
/// application to accept or reject each upgrade, and hands accepted connections to a delegate.
///
/// ```swift
/// let server = try WebSocketServer.start(host: "127.0.0.1", port: 0) { channel in EchoDelegate() }
/// print(server.port)
/// ...
/// await server.shutdown()   // stop accepting, close every connection with 1001
/// ```
public final class WebSocketServer: Sendable {
    /// The configuration every connection uses.
    public let configuration: WebSocketConfiguration
    /// Connection and message counters.
    public let metrics: WebSocketMetrics
    /// The event loops serving connections.
    public let group: EventLoopGroup
    private let ownsGroup: Bool
    private let tcpServer: TCPServer
    private let registry: ChannelRegistry
    /// Measures the loops' lag (`WebSocketConfiguration.eventLoopLagProbeInterval`), until shutdown.
    let lagProbe: EventLoopLagProbe?

    /// The local address the server listens on.
    public var localAddress: SocketAddress { tcpServer.localAddress }
    /// The port the server listens on (the one picked by the system when started with port 0; 0 on a Unix socket).
    public var port: Int { tcpServer.port }

    /// Binds to `host`:`port` (port 0 picks a free port) and starts serving.
    ///
    /// - Parameters:
    ///   - host: a name or numeric address to listen on; `""` or `"*"` for all interfaces.
    ///   - port: the port; 0 lets the system pick a free one (read it from `port`).
    ///   - configuration: timeouts, keepalive, limits, buffers and extensions of every connection.
    ///   - group: the loops to serve on; by default a new group with one loop per CPU this process may use,
    ///     shut down with the server.
    ///   - maximumConnections: further connections are accepted and closed at once; nil for no limit.
    ///   - backlog: the listen backlog.
    ///   - security: wraps every accepted connection (TLS: `TLSServerSecurity` of the package's TLS module).
    ///   - decideUpgrade: runs on the connection's loop for every valid upgrade request; accept or reject it. A
    ///     decision that must wait for something (a token looked up elsewhere) takes the overload whose
    ///     `decideUpgrade` is `async`.
    ///   - handleHTTP: answers requests that are not upgrades (default 426 Upgrade Required).
    ///   - makeDelegate: the delegate of each accepted connection, called on its loop.
    public static func start(
        host: String, port: Int, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        group: EventLoopGroup? = nil, maximumConnections: Int? = nil, backlog: Int32 = 1024,
        security: (any StreamSecurity)? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) -> UpgradeDecision = { _ in .accept },
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        makeDelegate: @escaping @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate
    ) throws -> WebSocketServer {
        try start(
            listener: .tcp(host: host, port: port), configuration: configuration, group: group,
            maximumConnections: maximumConnections, backlog: backlog, security: security, decideUpgrade: .immediate(decideUpgrade),
            handleHTTP: handleHTTP, makeDelegate: makeDelegate)
    }

    /// Listens on a Unix-domain socket at `path` and starts serving; everything else is as for TCP (see
    /// `start(host:port:…)`). The socket file is created safely and removed at shutdown (see
    /// `TCPServer.bind(unixPath:permissions:…)`): an existing file that is not a socket, or a socket a live server
    /// answers on, is an error. Clients reach it with `WebSocketClient.connect(to:unixSocketPath:…)`, the URL
    /// giving the `Host` and request target.
    ///
    /// `permissions` is the socket file's mode; default `0o600` (owner only).
    public static func start(
        unixPath path: String, permissions: UInt16 = 0o600, configuration: WebSocketConfiguration = WebSocketConfiguration(),
        group: EventLoopGroup? = nil, maximumConnections: Int? = nil, backlog: Int32 = 1024,
        security: (any StreamSecurity)? = nil,
        decideUpgrade: @escaping @Sendable (UpgradeRequest) -> UpgradeDecision = { _ in .accept },
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { _ in .upgradeRequired },
        makeDelegate: @escaping @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate
    ) throws -> WebSocketServer {
        try start(
            listener: .unix(path: path, permissions: permissions), configuration: configuration, group: group,
            maximumConnections: maximumConnections, backlog: backlog, security: security, decideUpgrade: .immediate(decideUpgrade),
            handleHTTP: handleHTTP, makeDelegate: makeDelegate)
    }

    static func start(
        listener: WebSocketListenAddress, configuration: WebSocketConfiguration, group: EventLoopGroup?,
        maximumConnections: Int?, backlog: Int32, security: (any StreamSecurity)?,
        decideUpgrade: UpgradeDecider,
        handleHTTP: @escaping @Sendable (HTTPRequest) async -> HTTPResponse,
        makeDelegate: @escaping @Sendable (WebSocketChannel) -> any WebSocketChannelDelegate
    ) throws -> WebSocketServer {
        try configuration.validate()
        let loops = try group ?? EventLoopGroup()
        let registry = ChannelRegistry()
        let metrics = WebSocketMetrics()
        let hooks = WebSocketChannel.ServerHooks(
            handshakeReader: SharedRequestReader(try ServerHandshakeReader(configuration: configuration.connection, extensions: configuration.extensions)),
            session: SharedSessionConfiguration(configuration.session),
            decideUpgrade: decideUpgrade, handleHTTP: handleHTTP, makeDelegate: makeDelegate)
        var options = TCPServerOptions(
            backlog: backlog, maxConnections: maximumConnections,
            connection: TCPConnectionOptions(
                writeBufferHighWaterMark: configuration.writeBufferHighWaterMark,
                writeBufferLowWaterMark: configuration.writeBufferLowWaterMark))
        options.reusePort = configuration.reusePort
        let makeHandler: @Sendable (TCPConnection) -> any TCPConnectionHandler = { tcp in
            guard let security else {
                let channel = WebSocketChannel(server: hooks, stream: tcp, configuration: configuration, metrics: metrics)
                registry.insert(channel)
                return RegisteredChannel(channel: channel, registry: registry)
            }
            do {
                let secured = try security.secureServerConnection(tcp)
                let channel = WebSocketChannel(server: hooks, stream: secured, configuration: configuration, metrics: metrics)
                registry.insert(channel)
                secured.upper = RegisteredChannel(channel: channel, registry: registry)
                return secured
            } catch {
                configuration.logger?(.warning, "TLS setup failed: \(error)")
                metrics.handshakeRejected("tls-setup")
                return RefusedConnection()
            }
        }
        let tcpServer: TCPServer
        do {
            switch listener {
            case .tcp(let host, let port):
                tcpServer = try TCPServer.bind(host: host, port: port, group: loops, options: options, makeHandler: makeHandler)
            case .unix(let path, let permissions):
                tcpServer = try TCPServer.bind(
                    unixPath: path, permissions: permissions, group: loops, options: options, makeHandler: makeHandler)
            }
        } catch {
            if group == nil { loops.shutdown() }
            throw error
        }
        configuration.logger?(.info, "listening on \(tcpServer.localAddress)")
        let lagProbe = configuration.eventLoopLagProbeInterval.map { EventLoopLagProbe.start(on: loops, interval: $0) }
        return WebSocketServer(
            configuration: configuration, metrics: metrics, group: loops, ownsGroup: group == nil,
            tcpServer: tcpServer, registry: registry, lagProbe: lagProbe)
    }

    private init(
        configuration: WebSocketConfiguration, metrics: WebSocketMetrics, group: EventLoopGroup, ownsGroup: Bool,
        tcpServer: TCPServer, registry: ChannelRegistry, lagProbe: EventLoopLagProbe?
    ) {
        self.configuration = configuration
        self.metrics = metrics
        self.group = group
        self.ownsGroup = ownsGroup
        self.tcpServer = tcpServer
        self.registry = registry
        self.lagProbe = lagProbe
    }

    /// Connection and message counters of this server, now.
    public var counters: WebSocketMetrics.Snapshot { metrics.snapshot }

    /// The number of TCP connections open now (handshaking, open or closing).
    public var connectionCount: Int { registry.count }

    /// Graceful shutdown: stops accepting, closes every open connection with 1001 (going away), waits up to
    /// `timeout` for them to finish their close handshakes, aborts the rest, and stops the loops it owns.
    public func shutdown(timeout: Duration = .seconds(5)) async {
        lagProbe?.stop()
        await tcpServer.stop()
        for channel in registry.all() {
            channel.eventLoop.execute { try? channel.close(code: .goingAway, reason: "server shutting down") }
        }
        let drained = await registry.waitUntilEmpty(timeout: timeout, on: group.next())
        if !drained {
            for channel in registry.all() { channel.eventLoop.execute { channel.abort() } }
            _ = await registry.waitUntilEmpty(timeout: .seconds(1), on: group.next())
        }
        if ownsGroup { await group.shutdownGracefully() }
    }
}

/// Closes a connection that could not be set up.
private final class RefusedConnection: TCPConnectionHandler {
    func connectionActive(_ connection: TCPConnection) { connection.abort() }
    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {}
}

/// Wraps a channel so the server's registry learns when its TCP connection is gone.
private final class RegisteredChannel: TCPConnectionHandler {
    let channel: WebSocketChannel
    let registry: ChannelRegistry

    init(channel: WebSocketChannel, registry: ChannelRegistry) {
        self.channel = channel
        self.registry = registry
    }

    func connectionActive(_ connection: TCPConnection) { channel.connectionActive(connection) }
    func connection(_ connection: TCPConnection, received bytes: UnsafeRawBufferPointer) {
        channel.connection(connection, received: bytes)
    }
    func connectionDirectReadCapacity(_ connection: TCPConnection) -> Int {
        channel.connectionDirectReadCapacity(connection)
    }
    func connection(_ connection: TCPConnection, readDirectly read: (UnsafeMutableRawBufferPointer) -> Int) {
        channel.connection(connection, readDirectly: read)
    }
    func connectionWritabilityChanged(_ connection: TCPConnection, isWritable: Bool) {
        channel.connectionWritabilityChanged(connection, isWritable: isWritable)
    }
    func connectionReadEOF(_ connection: TCPConnection) { channel.connectionReadEOF(connection) }
    func connectionClosed(_ connection: TCPConnection, error: TransportError?) {
        channel.connectionClosed(connection, error: error)
        registry.remove(channel)
    }
}
