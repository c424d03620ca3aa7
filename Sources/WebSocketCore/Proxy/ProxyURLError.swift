/// Why a proxy URL (an option or an environment variable) cannot be used.
public enum ProxyURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The scheme is not `http` (HTTPS and SOCKS proxies are not supported).
    case unsupportedScheme(String)
    /// The URL is not `http://[user[:password]@]host[:port][/]`.
    case malformed(String)

    /// What went wrong.
    public var description: String {
        switch self {
        case .unsupportedScheme(let scheme): "unsupported proxy scheme \(scheme):// (only http:// proxies are supported)"
        case .malformed(let url): "malformed proxy URL \(url)"
        }
    }
}
