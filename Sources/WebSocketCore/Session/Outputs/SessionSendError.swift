/// Why an application's call on a `WebSocketSession` did nothing.
public enum SessionSendError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The connection is not open (still handshaking, closing or closed).
    case notOpen
    /// The call itself was invalid (a close code that may not be sent, fragment sequencing, a control payload
    /// over 125 bytes, an upgrade answer with no request to answer).
    case usage(UsageError)

    /// What went wrong.
    public var description: String {
        switch self {
        case .notOpen: "the connection is not open"
        case .usage(let error): error.description
        }
    }
}
