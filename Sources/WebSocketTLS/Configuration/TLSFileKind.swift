#if TLS
/// Which PEM file a TLS configuration names (so an error can say which one is wrong).
public enum TLSFileKind: String, Sendable, Hashable, CustomStringConvertible {
    /// The server's certificate chain: the leaf first, then intermediates.
    case certificateChain = "certificate chain"
    /// The server's private key.
    case privateKey = "private key"
    /// Certificate authorities a client trusts.
    case certificateAuthorities = "CA file"

    /// The kind in words, for messages.
    public var description: String { rawValue }
}
#endif
