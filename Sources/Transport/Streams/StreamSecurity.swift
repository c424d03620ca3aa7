/// A security layer (TLS) between TCP and the protocol above it: it turns each new TCP connection into an
/// encrypted `ByteStream`. The package's TLS module (package trait `TLS`) provides one on OpenSSL; the transport
/// itself knows nothing of TLS.
public protocol StreamSecurity: Sendable {
    /// Wraps an accepted TCP connection (server side).
    func secureServerConnection(_ tcp: TCPConnection) throws -> any SecuredStream
    /// Wraps a connected TCP connection (client side); `serverName` is sent as SNI and checked against the
    /// server's certificate.
    func secureClientConnection(_ tcp: TCPConnection, serverName: String) throws -> any SecuredStream
}
