/// How a connection behaves, beyond the limits on what the peer may send.
public struct ConnectionConfiguration: Sendable {
    /// Limits on what the peer sends.
    public var limits = Limits()
    /// Answer every ping with a pong carrying the same payload, on its own (RFC 6455 §5.5.2). Default true.
    public var autoPong = true
    /// Whether incoming data messages are delivered whole (`.message`, the default) or in chunks as their payload
    /// arrives (`.messageChunk`, see `MessageDelivery.streamed`).
    public var messageDelivery: MessageDelivery = .whole

    /// The defaults.
    public init() {}

    /// Defaults with the given limits.
    public init(limits: Limits) {
        self.limits = limits
    }

    /// Checks the limits and the delivery mode.
    public func validate() throws(ConfigurationError) {
        try limits.validate()
        try messageDelivery.validate()
    }
}
