/// Settings of a `TCPServer`.
public struct TCPServerOptions: Sendable {
    /// The `listen` backlog.
    public var backlog: Int32
    /// Most connections open at once; further ones are accepted and closed immediately. `nil`: no limit.
    public var maxConnections: Int?
    /// Set `SO_REUSEADDR` so a restarted server can bind while old connections linger in `TIME_WAIT`.
    public var reuseAddress: Bool
    /// Set `SO_REUSEPORT` so several servers (usually processes) can listen on the same address and port; Linux spreads
    /// new connections among them (`WS-IO-REUSE-PORT`). Every one of them must set it. Off by default: a second
    /// server on a port in use is then an error, not a silent share.
    public var reusePort = false
    /// Options of each accepted connection.
    public var connection: TCPConnectionOptions

    /// Creates server options; defaults: backlog 1024, no connection limit, `SO_REUSEADDR` on.
    public init(
        backlog: Int32 = 1024, maxConnections: Int? = nil, reuseAddress: Bool = true,
        connection: TCPConnectionOptions = TCPConnectionOptions()
    ) {
        self.backlog = backlog
        self.maxConnections = maxConnections
        self.reuseAddress = reuseAddress
        self.connection = connection
    }
}
