/// Why `ServerHandshake` cannot render a 101 response from the values the server passed.
public enum ServerHandshakeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The chosen subprotocol is not a token.
    case invalidSubprotocol(String)
    /// The accepted extensions do not form a valid `Sec-WebSocket-Extensions` value.
    case invalidExtensions(String)
    /// An extra header's name is not a token or its value holds control characters or surrounding whitespace.
    case invalidHeader(name: String)
    /// An extra header would duplicate a field the handshake writes itself (Upgrade, Connection,
    /// Sec-WebSocket-Accept, Sec-WebSocket-Protocol, Sec-WebSocket-Extensions).
    case reservedHeader(name: String)

    /// A short English explanation.
    public var description: String {
        switch self {
        case .invalidSubprotocol(let value): "subprotocol \"\(value)\" is not a token"
        case .invalidExtensions(let value): "\"\(value)\" is not a valid Sec-WebSocket-Extensions value"
        case .invalidHeader(let name): "header \"\(name)\" cannot be sent (bad name or value)"
        case .reservedHeader(let name): "header \"\(name)\" is written by the handshake itself"
        }
    }
}
