/// Why a client could not open a WebSocket connection.
public enum WebSocketConnectError: Error, Sendable, CustomStringConvertible {
    /// The URL is not a usable ws:// URL.
    case invalidURL(String)
    /// Name resolution or the TCP connection failed.
    case transport(TransportError)
    /// The configuration is invalid (a limit or timeout out of range): the application's mistake.
    case invalidConfiguration(ConfigurationError)
    /// The request could not be built from the values the application passed (invalid header, subprotocol, ...).
    case invalidRequest(HandshakeUsageError)
    /// The server's response was not an acceptable upgrade.
    case handshake(ClientHandshakeFailure)
    /// The server did not answer the handshake in time.
    case handshakeTimeout
    /// The connection closed before the handshake completed.
    case closedDuringHandshake
    /// The security layer (TLS) could not be set up or failed: untrusted chain, expired certificate, wrong host.
    case security(String)
    /// The proxy URL (an option or an environment variable) cannot be used.
    case invalidProxy(ProxyURLError)
    /// The HTTP proxy did not open a tunnel: it refused (with its status: 407 wants credentials), closed the
    /// connection, answered garbage or too much, or did not answer in time.
    case proxy(ProxyConnectError)
    /// The local (source) address to bind cannot be used: not a numeric IP address, or given for a Unix-domain
    /// socket.
    case invalidLocalAddress(String, reason: String)
    /// A redirect was not followed: a downgrade from wss:// to ws://, a loop, too many, or an unusable Location.
    case redirect(WebSocketRedirectError)

    /// What went wrong.
    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid WebSocket URL \(url)"
        case .transport(let error): "connection failed: \(error)"
        case .invalidConfiguration(let error): "\(error)"
        case .invalidRequest(let error): "invalid request: \(error)"
        case .handshake(let failure): "\(failure)"
        case .handshakeTimeout: "the server did not complete the handshake in time"
        case .closedDuringHandshake: "the connection closed during the handshake"
        case .security(let reason): "TLS failed: \(reason)"
        case .invalidProxy(let error): "\(error)"
        case .proxy(let error): "\(error)"
        case .redirect(let error): "\(error)"
        case .invalidLocalAddress(let address, let reason): "unusable local address \(address): \(reason)"
        }
    }
}
