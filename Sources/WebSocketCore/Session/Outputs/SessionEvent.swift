/// What a `WebSocketSession` tells the application (`SessionAction.deliver`). The rare, large cases are indirect so
/// that a message's event (and every action) stays small to copy.
public enum SessionEvent: Sendable {
    /// Server: a valid upgrade request. Answer with `accept(_:)` or `reject(...)`, now or later (reading pauses
    /// meanwhile; the handshake timeout still runs).
    indirect case upgradeRequested(UpgradeRequest)
    /// Server: a well-formed HTTP request that is not a WebSocket upgrade (a web page, a health check, a small REST
    /// route), with its whole body. Answer with `respond(_:now:)`, now or later (reading pauses meanwhile; the
    /// handshake timeout bounds the wait); a persistent connection then reads its next request.
    indirect case httpRequest(HTTPRequest)
    /// The opening handshake completed: messages may flow.
    case opened
    /// The opening handshake failed; the transport is closed or dropped (see `SessionHandshakeFailure`).
    indirect case handshakeFailed(SessionHandshakeFailure)
    /// A complete data message arrived.
    case message(Message)
    /// A piece of a data message, when messages are streamed (`MessageDelivery.streamed`); the last has `isFinal`.
    indirect case messageChunk(MessageChunk)
    /// A ping arrived (already answered when auto-pong is on).
    case ping([UInt8])
    /// A pong arrived.
    case pong([UInt8])
    /// A pong answered the application's ping with this token and every earlier one (RFC 6455 §5.5.3).
    case pingsAnswered(through: UInt64)
    /// The transport's outbound buffer crossed its high-water mark (false: wait before sending more) or drained
    /// below its low-water mark (true).
    case writabilityChanged(Bool)
    /// Something worth logging or counting happened (a timeout fired, the peer broke the protocol, ...).
    indirect case notice(SessionNotice)
    /// The connection is over, transport included; nothing follows. Only for a session that opened.
    indirect case closed(SessionClosure)
}
