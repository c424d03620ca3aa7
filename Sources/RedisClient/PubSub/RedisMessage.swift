/// A message published to a channel a `RedisSubscriber` subscribed to.
public struct RedisMessage: Sendable, Hashable {
    /// The channel it was published to.
    public var channel: String
    /// The published bytes, as sent.
    public var payload: [UInt8]

    /// A message.
    public init(channel: String, payload: [UInt8]) {
        self.channel = channel
        self.payload = payload
    }
}
