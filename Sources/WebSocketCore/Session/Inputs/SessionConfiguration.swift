/// Everything a `WebSocketSession` decides with: the protocol core's settings and every timeout of a live
/// connection. The defaults are the safe ones (`Spec/websocket-io.md`, `WS-SAFE-DEFAULTS`).
public struct SessionConfiguration: Sendable {
    /// The protocol core's settings: limits (message, frame, fragments, handshake size) and auto-pong.
    public var connection = ConnectionConfiguration()
    /// A connection whose opening handshake is not complete after this long is dropped. Default 10 s.
    public var handshakeTimeout: Duration = .seconds(10)
    /// After sending a close frame, how long to wait for the peer's close (and, on a client, for the server to
    /// close TCP; on a server, for the peer to read our close) before dropping the connection. Default 5 s.
    public var closeTimeout: Duration = .seconds(5)
    /// A connection that receives nothing for this long is closed with 1001; nil (default) never.
    public var idleTimeout: Duration?
    /// Pings and the pong deadline; nil disables them. Default: every 20 s, 20 s to answer.
    public var keepalive: KeepalivePolicy? = .default
    /// A connection whose outbound bytes stay above the transport's high-water mark for this long (the peer reads
    /// nothing, or too slowly) is dropped (reported as 1006). Default 30 s; nil never.
    public var writeStallTimeout: Duration? = .seconds(30)
    /// A connection with a negotiated extension that exchanged no message for this long releases the extension's
    /// idle memory (`Connection.releaseIdleExtensionMemory()`), checked every such period. Default 30 s; nil never.
    public var extensionIdleMemoryRelease: Duration? = .seconds(30)
    /// Server: the limits and timeouts of plain HTTP requests served beside WebSocket (bodies, keep-alive).
    public var http = HTTPServerSettings()

    /// The defaults.
    public init() {}

    /// Checks the values: positive timeouts and the core's limits.
    public func validate() throws(ConfigurationError) {
        try connection.validate()
        try http.validate()
        if handshakeTimeout <= .zero || closeTimeout <= .zero {
            throw ConfigurationError("handshakeTimeout and closeTimeout", "must be positive")
        }
        if let idleTimeout, idleTimeout <= .zero { throw ConfigurationError("idleTimeout", "must be positive") }
        if let keepalive, keepalive.interval <= .zero || keepalive.timeout <= .zero {
            throw ConfigurationError("keepalive", "interval and timeout must be positive")
        }
        if let writeStallTimeout, writeStallTimeout <= .zero {
            throw ConfigurationError("writeStallTimeout", "must be positive")
        }
        if let extensionIdleMemoryRelease, extensionIdleMemoryRelease <= .zero {
            throw ConfigurationError("extensionIdleMemoryRelease", "must be positive")
        }
    }
}
