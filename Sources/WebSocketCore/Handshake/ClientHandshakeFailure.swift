/// Why a client's opening handshake failed: always the peer's doing (its response), never the application's.
public enum ClientHandshakeFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The response head is not valid HTTP/1.1, or exceeds the size limits.
    case malformedResponse(HTTPHeadError)
    /// The response is not an acceptable 101 (status, Upgrade, Connection, accept value, subprotocol, extensions).
    case rejected(HandshakeResponseError)
    /// An extension's factory refused the server's parameters.
    case extensionRefused(ExtensionNegotiationError)
    /// The server redirected (301, 302, 303, 307 or 308 with one `Location` field, RFC 9110 §15.4); the client MAY
    /// follow it (RFC 6455 §4.1). `location` is the field's value, possibly relative.
    case redirected(status: Int, location: String)

    /// The statuses a client follows when they carry a `Location` (RFC 9110 §15.4).
    public static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// What went wrong.
    public var description: String {
        switch self {
        case .malformedResponse(let error): return "malformed handshake response: \(error)"
        case .rejected(let error): return "handshake rejected: \(error)"
        case .extensionRefused(let error): return "extension negotiation failed: \(error)"
        case .redirected(let status, let location): return "redirected (\(status)) to \(location)"
        }
    }
}
