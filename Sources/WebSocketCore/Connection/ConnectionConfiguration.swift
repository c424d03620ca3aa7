/// How a connection behaves, beyond the limits on what the peer may send.
public struct ConnectionConfiguration: Sendable {
    /// Limits on what the peer sends.
    public var limits = Limits()
    /// Answer every ping with a pong carrying the same payload, on its own (RFC 6455 §5.5.2). Default true.
    public var autoPong = true

    /// The defaults.
    public init() {}

    /// Defaults with the given limits.
    public init(limits: Limits) {
        self.limits = limits
    }
}
