/// Where a `WebSocketSession` is, as a plain value (the session itself holds the typed connection of that state).
public enum SessionPhase: Sendable, Hashable {
    /// The opening handshake is in progress (or waits for the application's answer).
    case handshaking
    /// Both sides may send data.
    case open
    /// Our close is sent; waiting for the peer's.
    case closing
    /// The close handshake is over or the connection failed; the transport is closing.
    case closed
    /// The handshake never completed; the transport is closing.
    case ended
}
