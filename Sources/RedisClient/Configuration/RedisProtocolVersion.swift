/// The RESP version a connection speaks.
public enum RedisProtocolVersion: Int, Sendable, Hashable {
    /// RESP2: every Redis version; pub/sub messages arrive as arrays.
    case resp2 = 2
    /// RESP3 (`HELLO 3`, Redis 6 and later): pub/sub messages arrive as push frames.
    case resp3 = 3
}
