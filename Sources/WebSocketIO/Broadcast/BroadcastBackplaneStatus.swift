/// A backplane's state and counters, for `ws serve`'s page and metrics.
public struct BroadcastBackplaneStatus: Sendable, Hashable {
    /// Whether the backplane can carry publications now.
    public var isConnected: Bool
    /// A short description of the state (for example `connected to 127.0.0.1:6379` or the last error).
    public var state: String
    /// Times the backplane lost its connection and made it again.
    public var reconnects: Int
    /// Publications handed over to the other nodes.
    public var publicationsSent: Int
    /// Publications that could not cross (disconnected, or the outbound buffer was full): counted, never queued.
    public var publicationsDropped: Int

    /// A status.
    public init(isConnected: Bool, state: String, reconnects: Int = 0, publicationsSent: Int = 0, publicationsDropped: Int = 0) {
        self.isConnected = isConnected
        self.state = state
        self.reconnects = reconnects
        self.publicationsSent = publicationsSent
        self.publicationsDropped = publicationsDropped
    }
}
