/// An encrypted stream over a TCP connection. It is the TCP connection's handler (it receives ciphertext) and
/// passes plaintext events on to `upper` (the protocol layer), calling its methods with the TCP connection.
public protocol SecuredStream: ByteStream, TCPConnectionHandler {
    /// Receives the decrypted events.
    var upper: (any TCPConnectionHandler)? { get set }
    /// Why the security layer failed (an untrusted certificate, a failed handshake), once it has; a client that
    /// loses the connection during its handshake reports it as a security failure of its connect attempt.
    var securityFailure: (any Error & Sendable)? { get }
}

extension SecuredStream {
    /// None by default.
    public var securityFailure: (any Error & Sendable)? { nil }
}
