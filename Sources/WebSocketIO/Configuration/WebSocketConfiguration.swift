/// Everything a WebSocket server or client connection is configured with, beyond the address.
public struct WebSocketConfiguration: Sendable {
    /// The protocol core's settings: limits (message, frame, fragments, handshake size) and auto-pong.
    public var connection = ConnectionConfiguration()
    /// Extensions to negotiate, in order of preference.
    public var extensions: [any WebSocketExtensionFactory] = []
    /// A connection whose opening handshake is not complete after this long is dropped. Default 10 s.
    public var handshakeTimeout: Duration = .seconds(10)
    /// After sending a close frame, how long to wait for the peer's close (and, on a client, for the server to
    /// close TCP) before dropping the connection. Default 5 s.
    public var closeTimeout: Duration = .seconds(5)
    /// A connection that receives nothing for this long is closed with 1001; nil (default) never.
    public var idleTimeout: Duration?
    /// Send a ping every `interval`; if no pong arrives within `timeout`, close with 1011. Default: every 20 s,
    /// 20 s to answer (as Python `websockets` does), so a dead or silent peer is dropped within about 40 s. Nil
    /// disables it (then only `idleTimeout`, if set, drops a silent peer).
    public var keepalive: Keepalive? = .default
    /// A connection whose outbound bytes stay above `writeBufferHighWaterMark` for this long (the peer reads
    /// nothing, or too slowly) is dropped (reported as 1006). Default 30 s; nil never.
    public var writeStallTimeout: Duration? = .seconds(30)
    /// A connection with a negotiated extension (permessage-deflate) that exchanged no message for this long
    /// releases the extension's idle memory (`Connection.releaseIdleExtensionMemory()`: for permessage-deflate,
    /// all but the context-takeover windows), checked every such period. Default 30 s; nil never.
    public var extensionIdleMemoryRelease: Duration? = .seconds(30)
    /// Outbound bytes above which the connection reports itself not writable (senders should wait). Default 1 MiB.
    public var writeBufferHighWaterMark = 1 << 20
    /// Outbound bytes below which a connection that was not writable becomes writable again. Default 256 KiB.
    public var writeBufferLowWaterMark = 256 << 10
    /// Messages the async API buffers for a reader before it stops reading from the socket. Default 64.
    public var inboundMessageQueueLimit = 64
    /// Message bytes the async API buffers for a reader before it stops reading from the socket (it stops at
    /// whichever of this and `inboundMessageQueueLimit` comes first; one message may take it past). Default 4 MiB.
    public var inboundQueueByteLimit = 4 << 20
    /// Server: the limits and timeouts of plain HTTP requests served beside WebSocket: body size (413 past it),
    /// body timeout (408), keep-alive idle timeout and requests per connection.
    public var http = HTTPServerSettings()
    /// Server: how often a probe timer on each event loop measures how late the loop runs timers
    /// (`WebSocketServer.eventLoopLag`, the metric `websocket_event_loop_lag_seconds`). Default 100 ms; nil
    /// measures nothing. Costs one timer per loop per interval, nothing per connection or message.
    public var eventLoopLagProbeInterval: Duration? = .milliseconds(100)
    /// Server on TCP: listen with `SO_REUSEPORT`, so several server processes share one address and port and Linux
    /// spreads connections among them (`WS-IO-REUSE-PORT`); each must set it. Default off.
    public var reusePort = false
    /// Receives log lines; nil (default) logs nothing.
    public var logger: WebSocketLogger?

    /// The defaults.
    public init() {}

    /// Ping interval and pong deadline for keepalive (the core's `KeepalivePolicy`).
    public typealias Keepalive = KeepalivePolicy

    /// The settings of each connection's `WebSocketSession`: the core's settings and the timeouts.
    public var session: SessionConfiguration {
        var session = SessionConfiguration()
        session.connection = connection
        session.handshakeTimeout = handshakeTimeout
        session.closeTimeout = closeTimeout
        session.idleTimeout = idleTimeout
        session.keepalive = keepalive
        session.writeStallTimeout = writeStallTimeout
        session.extensionIdleMemoryRelease = extensionIdleMemoryRelease
        session.http = http
        return session
    }

    /// Checks the values: positive timeouts, low water mark below high water mark, positive queue limits, and the
    /// core's limits.
    public func validate() throws(ConfigurationError) {
        try session.validate()
        if writeBufferLowWaterMark > writeBufferHighWaterMark || writeBufferLowWaterMark < 0 {
            throw ConfigurationError("writeBufferLowWaterMark", "must be between 0 and writeBufferHighWaterMark")
        }
        if inboundMessageQueueLimit < 1 { throw ConfigurationError("inboundMessageQueueLimit", "must be at least 1") }
        if inboundQueueByteLimit < 1 { throw ConfigurationError("inboundQueueByteLimit", "must be at least 1") }
        if let interval = eventLoopLagProbeInterval, interval <= .zero {
            throw ConfigurationError("eventLoopLagProbeInterval", "must be positive")
        }
    }
}

/// A log sink: level and message. Called from event loop threads; keep it fast and thread-safe.
public typealias WebSocketLogger = @Sendable (WebSocketLogLevel, String) -> Void
