import Synchronization

/// Why an async WebSocket operation failed.
public enum WebSocketError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The connection is closed (or closing): nothing more can be sent.
    case closed(CloseCode)
    /// The call was invalid (fragment sequencing, a ping payload over 125 bytes).
    case usage(UsageError)
    /// Streamed delivery: the next message was asked for before this message's chunks were all read; the rest of
    /// the message was discarded (`WebSocket.messageStreams`).
    case messageAbandoned
    /// The task reading a message's chunks was cancelled (the connection stays open).
    case cancelled

    /// What went wrong.
    public var description: String {
        switch self {
        case .closed(let code): "the connection is closed (\(code))"
        case .usage(let error): error.description
        case .messageAbandoned: "the message was abandoned for the next one; its remaining chunks were discarded"
        case .cancelled: "the read was cancelled"
        }
    }
}
