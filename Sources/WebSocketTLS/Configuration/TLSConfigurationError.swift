#if TLS
/// Why a TLS configuration could not be turned into an OpenSSL context. File errors name the file.
public enum TLSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case fileMissing(TLSFileKind, path: String)
    /// The file exists but cannot be read (permissions, a directory, an I/O error).
    case fileUnreadable(TLSFileKind, path: String, reason: String)
    /// The file was read but holds no usable PEM certificate or key.
    case fileInvalid(TLSFileKind, path: String, reason: String)
    /// The private key does not belong to the chain's first (leaf) certificate.
    case keyMismatch(certificateChain: String, privateKey: String)
    /// Pinned-only trust needs at least one pin.
    case noPins
    /// A server security was asked to secure a client connection, or the other way round.
    case wrongRole
    /// OpenSSL refused a setting (the message is OpenSSL's).
    case openSSL(String)

    /// What went wrong, naming the file where there is one.
    public var description: String {
        switch self {
        case .fileMissing(let kind, let path): "\(kind) \(path): no such file"
        case .fileUnreadable(let kind, let path, let reason): "\(kind) \(path): cannot read: \(reason)"
        case .fileInvalid(let kind, let path, let reason): "\(kind) \(path): \(reason)"
        case .keyMismatch(let chain, let key): "private key \(key) does not match the certificate in \(chain)"
        case .noPins: "pinned-only trust needs at least one pin"
        case .wrongRole: "this TLS security is for the other side of the connection"
        case .openSSL(let message): "OpenSSL: \(message)"
        }
    }
}
#endif
