import Synchronization

/// Why an async WebSocket operation failed.
public enum WebSocketError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The connection is closed (or closing): nothing more can be sent.
    case closed(CloseCode)
    /// The call was invalid (fragment sequencing, a ping payload over 125 bytes).
    case usage(UsageError)

    /// What went wrong.
    public var description: String {
        switch self {
        case .closed(let code): "the connection is closed (\(code))"
        case .usage(let error): error.description
        }
    }
}
