/// Where a Redis connection is in its life. It cycles `connecting` → `connected` → `disconnected` → `connecting` …
/// until `closed`.
public enum RedisConnectionState: Sendable, Equatable, CustomStringConvertible {
    /// Connecting, authenticating and selecting the database (the first time or after a failure).
    case connecting
    /// Ready for commands, speaking the given protocol (a subscriber has re-sent its subscriptions).
    case connected(RedisProtocolVersion)
    /// The last connection or attempt failed for the reason given; a new attempt follows after the back-off delay.
    case disconnected(RedisError)
    /// Closed by the application; final.
    case closed

    /// Whether the state is `connected`.
    public var isConnected: Bool {
        if case .connected = self { return true }
        return false
    }

    /// A short description.
    public var description: String {
        switch self {
        case .connecting: "connecting"
        case .connected(let version): "connected (RESP\(version.rawValue))"
        case .disconnected(let reason): "disconnected: \(reason)"
        case .closed: "closed"
        }
    }
}
