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
