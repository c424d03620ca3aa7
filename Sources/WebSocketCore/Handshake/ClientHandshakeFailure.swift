/// Why a client's opening handshake failed: always the peer's doing (its response), never the application's.
public enum ClientHandshakeFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The response head is not valid HTTP/1.1, or exceeds the size limits.
    case malformedResponse(HTTPHeadError)
    /// The response is not an acceptable 101 (status, Upgrade, Connection, accept value, subprotocol, extensions).
    case rejected(HandshakeResponseError)
    /// An extension's factory refused the server's parameters.
    case extensionRefused(ExtensionNegotiationError)

    /// What went wrong.
    public var description: String {
        switch self {
        case .malformedResponse(let error): return "malformed handshake response: \(error)"
        case .rejected(let error): return "handshake rejected: \(error)"
        case .extensionRefused(let error): return "extension negotiation failed: \(error)"
        }
    }
}
