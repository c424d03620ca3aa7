#if TLS
/// Why a TLS session failed: the peer's certificate was not accepted, or the handshake or a record broke. A
/// client reports it through `WebSocketConnectError.security` (its `description`).
public enum TLSHandshakeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The chain does not lead to a trusted certificate authority (unknown issuer, self-signed, ...).
    case untrustedCertificate(String)
    /// A certificate in the chain has expired.
    case certificateExpired
    /// A certificate in the chain is not valid yet.
    case certificateNotYetValid
    /// The certificate is not for the host name (or IP address) the client connected to.
    case hostNameMismatch(String)
    /// The leaf certificate matches none of the client's pins.
    case pinMismatch
    /// Another certificate verification failure (OpenSSL's `X509_V_ERR_*` code and text).
    case verificationFailed(code: Int32, String)
    /// The peer spoke plain HTTP to the TLS port.
    case plaintextHTTP
    /// The handshake or a record failed (alert from the peer, unsupported version, corrupt data): OpenSSL's text.
    case protocolFailure(String)

    /// What went wrong, for logs and `WebSocketConnectError.security`.
    public var description: String {
        switch self {
        case .untrustedCertificate(let detail): "untrusted certificate: \(detail)"
        case .certificateExpired: "certificate expired"
        case .certificateNotYetValid: "certificate not yet valid"
        case .hostNameMismatch(let host): "certificate does not match host name \(host)"
        case .pinMismatch: "certificate matches none of the pinned SHA-256 digests"
        case .verificationFailed(let code, let detail): "certificate verification failed (\(code)): \(detail)"
        case .plaintextHTTP: "plain HTTP on the TLS port"
        case .protocolFailure(let detail): "TLS handshake failed: \(detail)"
        }
    }
}
#endif
