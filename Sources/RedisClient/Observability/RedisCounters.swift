/// Counters of one connection or subscriber since it was created (they survive reconnections).
public struct RedisCounters: Sendable, Hashable {
    /// Connections that became ready.
    public var connects = 0
    /// Connections that became ready after an earlier one was lost (`connects - 1` once connected).
    public var reconnects = 0
    /// Connection attempts that failed (unreachable, refused credentials, closed during the handshake).
    public var failedAttempts = 0
    /// Commands written (handshake, pings, subscriptions, commands and publishes).
    public var commandsSent = 0
    /// Replies received (not counting pub/sub messages).
    public var repliesReceived = 0
    /// Fire-and-forget publishes written.
    public var publishesSent = 0
    /// Fire-and-forget publishes dropped: while not connected, or beyond `maximumPendingBytes`.
    public var publishesDropped = 0
    /// Pub/sub messages received by a subscriber.
    public var messagesReceived = 0
    /// Pub/sub messages dropped because the `messages` stream was full.
    public var messagesDropped = 0

    /// All zero.
    public init() {}
}
