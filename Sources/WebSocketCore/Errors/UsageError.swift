/// A misuse of the library by the local application: a programming error, never caused by the peer.
///
/// Kept apart from `ProtocolViolation` so that an application can tell "my code is wrong" from "the peer is
/// wrong". Settings out of range are a `ConfigurationError`; values a handshake cannot send are a
/// `HandshakeUsageError`. Most misuse (sending on a closed connection, accepting twice) does not compile; these are the checks
/// that depend on values.
public enum UsageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The close code may not be sent on the wire (RFC 6455 §7.4).
    case closeCodeNotSendable(UInt16)
    /// The close reason is longer than 123 bytes of UTF-8 (RFC 6455 §5.5).
    case closeReasonTooLong(Int)
    /// A ping or pong payload is longer than 125 bytes (RFC 6455 §5.5).
    case controlPayloadTooLong(Int)
    /// A fragment was sent to continue a message, but no fragmented message is open.
    case noFragmentedMessageOpen
    /// A new message was started while a fragmented message is still open.
    case fragmentedMessageOpen
    /// `accept` or `reject` was called before a complete upgrade request arrived, or on a client connection.
    case noUpgradeRequestToAnswer
    /// A prepared (unmasked, server) frame was sent on a client connection, whose frames must be masked.
    case preparedFrameOnClient

    /// What went wrong, for logs.
    public var description: String {
        switch self {
        case .closeCodeNotSendable(let code): return "close code \(code) may not be sent"
        case .closeReasonTooLong(let n): return "close reason of \(n) bytes exceeds 123"
        case .controlPayloadTooLong(let n): return "control payload of \(n) bytes exceeds 125"
        case .noFragmentedMessageOpen: return "no fragmented message is open"
        case .fragmentedMessageOpen: return "a fragmented message is still open"
        case .noUpgradeRequestToAnswer: return "no complete upgrade request to answer"
        case .preparedFrameOnClient: return "a prepared frame can only be sent by a server"
        }
    }
}
