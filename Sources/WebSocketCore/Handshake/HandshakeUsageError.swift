/// A value the local application passed to an opening handshake that cannot go on the wire: a programming or
/// input error on our side, found before any byte is sent, never caused by the peer.
///
/// Thrown when a client builds its request (`ClientHandshake`) and when a server renders its 101 or chooses what it
/// accepts (`ServerHandshake`, `UpgradeResponse`). The peer's failures are `HandshakeRejection` (a client's request,
/// seen by a server) and `HandshakeResponseError` (a server's response, seen by a client).
public enum HandshakeUsageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host is empty or holds characters that cannot appear in a Host field.
    case invalidHost(String)
    /// The port is outside 1…65535.
    case invalidPort(Int)
    /// The request target does not start with `/` or holds characters outside visible ASCII, or a `#`.
    case invalidTarget(String)
    /// The explicitly given key is not the Base64 of 16 bytes.
    case invalidKey(String)
    /// A subprotocol (offered by a client or chosen by a server) is not a token, or a client offers it twice.
    case invalidSubprotocol(String)
    /// An offered extension has a name or parameter name that is not a token, or a value with control characters.
    case invalidExtensionOffer(String)
    /// The extensions a server accepts do not form a valid `Sec-WebSocket-Extensions` value.
    case invalidExtensions(String)
    /// The Origin value holds control characters.
    case invalidOrigin(String)
    /// An extra header's name is not a token or its value holds control characters or surrounding whitespace.
    case invalidHeader(name: String)
    /// An extra header would duplicate a field the handshake writes itself (Host, Upgrade, Connection, the
    /// `Sec-WebSocket-*` fields).
    case reservedHeader(name: String)

    /// A short English explanation.
    public var description: String {
        switch self {
        case .invalidHost(let host): "invalid host \"\(host)\""
        case .invalidPort(let port): "invalid port \(port)"
        case .invalidTarget(let target): "invalid request target \"\(target)\" (must start with / and be visible ASCII without #)"
        case .invalidKey(let key): "Sec-WebSocket-Key \"\(key)\" is not the base64 encoding of 16 bytes"
        case .invalidSubprotocol(let value): "subprotocol \"\(value)\" is not a token or is offered twice"
        case .invalidExtensionOffer(let value): "extension offer \"\(value)\" cannot be sent"
        case .invalidExtensions(let value): "\"\(value)\" is not a valid Sec-WebSocket-Extensions value"
        case .invalidOrigin(let value): "Origin \"\(value)\" holds control characters"
        case .invalidHeader(let name): "header \"\(name)\" cannot be sent (bad name or value)"
        case .reservedHeader(let name): "header \"\(name)\" is written by the handshake itself"
        }
    }
}
