/// Why an opening handshake failed.
public enum SessionHandshakeFailure: Error, Sendable, CustomStringConvertible {
    /// Server: the request was not a valid upgrade; `rejection` says why and its response was sent.
    case rejected(HandshakeRejection)
    /// Server: the application refused the upgrade with this HTTP status.
    case rejectedByApplication(status: Int)
    /// Server: a plain HTTP request could not be served (bad framing, a body over the limit, a slow body);
    /// `error.status` was sent and the connection closes.
    case httpRequestRefused(HTTPRequestError)
    /// Client: the server's response was not an acceptable upgrade.
    case client(ClientHandshakeFailure)
    /// The handshake did not complete within `handshakeTimeout`.
    case timedOut
    /// The transport closed before the handshake completed.
    case transportClosed

    /// What went wrong, for logs.
    public var description: String {
        switch self {
        case .rejected(let rejection): "rejected: \(rejection)"
        case .rejectedByApplication(let status): "rejected by the application with \(status)"
        case .httpRequestRefused(let error): "HTTP request refused with \(error.status): \(error)"
        case .client(let failure): "\(failure)"
        case .timedOut: "handshake timed out"
        case .transportClosed: "the connection closed during the handshake"
        }
    }
}
