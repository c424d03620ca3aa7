/// How a session detects a dead or silent peer: a ping every `interval`, and a close with 1011 when no pong
/// arrives within `timeout` of the oldest unanswered ping (any pong answers it: RFC 6455 §5.5.3).
public struct KeepalivePolicy: Sendable, Hashable {
    /// Time between pings.
    public var interval: Duration
    /// How long to wait for the pong.
    public var timeout: Duration

    /// Pings every `interval`, expecting a pong within `timeout`.
    public init(interval: Duration, timeout: Duration) {
        self.interval = interval
        self.timeout = timeout
    }

    /// The default: a ping every 20 s, 20 s for its pong (as Python `websockets` does), so a dead or silent peer is
    /// dropped within about 40 s.
    public static let `default` = KeepalivePolicy(interval: .seconds(20), timeout: .seconds(20))
}
