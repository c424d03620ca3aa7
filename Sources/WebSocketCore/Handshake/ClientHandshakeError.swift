/// Why the client side of the opening handshake failed: either the request could not be built from the given
/// values, or the server's response does not complete the handshake (RFC 6455 §4.1, after which the client
/// must _Fail the WebSocket Connection_).
public enum ClientHandshakeError: Error, Sendable, Hashable, CustomStringConvertible {
    // Building the request.

    /// The host is empty or holds characters that cannot appear in a Host field.
    case invalidHost(String)
    /// The connection's configuration is invalid (a limit below its minimum): the local application's mistake.
    case invalidConfiguration(String)
    /// The port is outside 1…65535.
    case invalidPort(Int)
    /// The request target does not start with `/` or holds characters outside visible ASCII, or a `#`.
    case invalidTarget(String)
    /// The explicitly given key is not the Base64 of 16 bytes.
    case invalidKey(String)
    /// An offered subprotocol is not a token or is offered twice.
    case invalidSubprotocol(String)
    /// An offered extension has a name or parameter name that is not a token, or a value with control characters.
    case invalidExtensionOffer(String)
    /// The Origin value holds control characters.
    case invalidOrigin(String)
    /// An extra header's name is not a token or its value holds control characters or surrounding whitespace.
    case invalidHeader(name: String)
    /// An extra header would duplicate a field the handshake writes itself.
    case reservedHeader(name: String)

    // Validating the response.

    /// The status is not 101 Switching Protocols.
    case unexpectedStatus(Int, reason: String)
    /// `Upgrade` is missing or is not exactly `websocket` (case-insensitive); carries what was received.
    case upgradeNotWebSocket(String?)
    /// `Connection` is missing or does not list `Upgrade`.
    case connectionNotUpgrade
    /// There is no `Sec-WebSocket-Accept` field.
    case missingAccept
    /// `Sec-WebSocket-Accept` is not the value computed from our key (several fields are joined with ", ").
    case acceptMismatch(expected: String, received: String)
    /// The server chose a subprotocol we did not offer (or sent an empty one).
    case unofferedSubprotocol(String)
    /// The server named more than one subprotocol.
    case multipleSubprotocols([String])
    /// `Sec-WebSocket-Extensions` in the response does not match the RFC 6455 §9.1 grammar.
    case malformedExtensions(ExtensionHeaderError)
    /// The server accepted an extension we did not offer.
    case unofferedExtension(String)

    /// A short English explanation.
    public var description: String {
        switch self {
        case .invalidHost(let host): "invalid host \"\(host)\""
        case .invalidConfiguration(let why): why
        case .invalidPort(let port): "invalid port \(port)"
        case .invalidTarget(let target): "invalid request target \"\(target)\" (must start with / and be visible ASCII without #)"
        case .invalidKey(let key): "Sec-WebSocket-Key \"\(key)\" is not the base64 encoding of 16 bytes"
        case .invalidSubprotocol(let value): "subprotocol \"\(value)\" is not a token or is offered twice"
        case .invalidExtensionOffer(let value): "extension offer \"\(value)\" cannot be sent"
        case .invalidOrigin(let value): "Origin \"\(value)\" holds control characters"
        case .invalidHeader(let name): "header \"\(name)\" cannot be sent (bad name or value)"
        case .reservedHeader(let name): "header \"\(name)\" is written by the handshake itself"
        case .unexpectedStatus(let status, let reason): "server answered \(status) \(reason) instead of 101 Switching Protocols"
        case .upgradeNotWebSocket(nil): "response has no Upgrade header"
        case .upgradeNotWebSocket(let value?): "response Upgrade header is \"\(value)\", not websocket"
        case .connectionNotUpgrade: "response Connection header does not include Upgrade"
        case .missingAccept: "response has no Sec-WebSocket-Accept header"
        case .acceptMismatch(let expected, let received): "Sec-WebSocket-Accept is \"\(received)\", expected \"\(expected)\""
        case .unofferedSubprotocol(let value): "server chose subprotocol \"\(value)\", which was not offered"
        case .multipleSubprotocols(let values): "server named several subprotocols: \(values.joined(separator: ", "))"
        case .malformedExtensions(let error): "malformed Sec-WebSocket-Extensions in response: \(error)"
        case .unofferedExtension(let name): "server accepted extension \"\(name)\", which was not offered"
        }
    }
}
