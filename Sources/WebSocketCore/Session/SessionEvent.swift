/// What a `WebSocketSession` tells the application (`SessionAction.deliver`). The rare, large cases are indirect so
/// that a message's event (and every action) stays small to copy.
public enum SessionEvent: Sendable {
    /// Server: a valid upgrade request. Answer with `accept(_:)` or `reject(...)`, now or later (reading pauses
    /// meanwhile; the handshake timeout still runs).
    indirect case upgradeRequested(UpgradeRequest)
    /// Server: a well-formed HTTP request that is not a WebSocket upgrade (a web page, a health check). Answer
    /// with `respond(_:)`; the transport closes after the response.
    indirect case httpRequest(HTTPRequestHead)
    /// The opening handshake completed: messages may flow.
    case opened
    /// The opening handshake failed; the transport is closed or dropped (see `SessionHandshakeFailure`).
    indirect case handshakeFailed(SessionHandshakeFailure)
    /// A complete data message arrived.
    case message(Message)
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

/// Why an opening handshake failed.
public enum SessionHandshakeFailure: Error, Sendable, CustomStringConvertible {
    /// Server: the request was not a valid upgrade; `rejection` says why and its response was sent.
    case rejected(HandshakeRejection)
    /// Server: the application refused the upgrade with this HTTP status.
    case rejectedByApplication(status: Int)
    /// Client: the server's response was not an acceptable upgrade.
    case client(ClientHandshakeFailure)
    /// The handshake did not complete within `handshakeTimeout`.
    case timedOut
    /// The transport closed before the handshake completed.
    case transportClosed

    /// What went wrong, for logs.
    public var description: String {
        switch self {
        case .rejected(let rejection): "rejected: \(rejection)"
        case .rejectedByApplication(let status): "rejected by the application with \(status)"
        case .client(let failure): "\(failure)"
        case .timedOut: "handshake timed out"
        case .transportClosed: "the connection closed during the handshake"
        }
    }
}

/// Things a session reports for logs and counters; none needs an answer.
public enum SessionNotice: Sendable, Equatable, CustomStringConvertible {
    /// The peer broke the protocol; the close frame for the violation was queued.
    case protocolViolation(ProtocolViolation)
    /// No pong arrived within the keepalive timeout; the session is closing with 1011.
    case keepaliveTimedOut(Duration)
    /// Nothing arrived for the idle timeout; the session is closing with 1001.
    case idleTimedOut(Duration)
    /// The outbound buffer stayed full for the write-stall timeout; the transport is dropped.
    case writeStalled(Duration)
    /// The close handshake (or the peer's TCP close after it) did not complete in time; the transport is dropped.
    case closeTimedOut
    /// The negotiated extensions released their idle memory.
    case extensionMemoryReleased

    /// A line for logs.
    public var description: String {
        switch self {
        case .protocolViolation(let violation): "failed: \(violation.name) (\(violation.description))"
        case .keepaliveTimedOut(let timeout): "keepalive: no pong within \(timeout)"
        case .idleTimedOut(let timeout): "idle for \(timeout)"
        case .writeStalled(let timeout): "write stalled for \(timeout)"
        case .closeTimedOut: "close timed out"
        case .extensionMemoryReleased: "extension idle memory released"
        }
    }
}

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
