#if TLS
/// Which server certificates a TLS client accepts.
public enum TLSTrust: Sendable, Hashable {
    /// Chains leading to the system's certificate authorities (OpenSSL's default verify paths).
    case systemDefault
    /// Chains leading to a certificate in this PEM file (for example a private CA).
    case certificateAuthorities(file: String)
    /// No chain or host name check: the leaf must match one of the pins instead (self-signed servers).
    case pinnedOnly
}
#endif
