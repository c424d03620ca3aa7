/// How a session's connection ended.
public struct SessionClosure: Sendable, Hashable {
    /// The code to report (RFC 6455 §7.1.5): the peer's code, 1005 when its close had none, the violation's code
    /// when the peer broke the protocol, 1006 when no close frame arrived.
    public var code: CloseCode
    /// The peer's close reason (empty when none).
    public var reason: String
    /// True when both close frames were exchanged and no violation occurred.
    public var wasClean: Bool
    /// The close frame this side sent, if any.
    public var sent: ClosePayload?
    /// The close frame the peer sent, if any.
    public var received: ClosePayload?

    /// A closure from its parts.
    public init(code: CloseCode, reason: String, wasClean: Bool, sent: ClosePayload?, received: ClosePayload?) {
        self.code = code
        self.reason = reason
        self.wasClean = wasClean
        self.sent = sent
        self.received = received
    }
}
