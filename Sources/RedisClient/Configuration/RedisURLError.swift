/// Why a string is not a usable `redis://` or `rediss://` URL.
public enum RedisURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The scheme is neither `redis://` nor `rediss://`.
    case unsupportedScheme
    /// The host is empty or malformed (an unclosed IPv6 bracket, a space).
    case invalidHost
    /// The port is not a number in 1–65535.
    case invalidPort(String)
    /// The path is not a database index (a non-negative decimal).
    case invalidDatabase(String)
    /// A `%` in the user or password is not followed by two hex digits, or the decoded bytes are not UTF-8.
    case invalidPercentEncoding
    /// The URL has a query or fragment, which this client does not interpret.
    case unsupportedQuery

    /// What is wrong.
    public var description: String {
        switch self {
        case .unsupportedScheme: "the URL must start with redis:// or rediss://"
        case .invalidHost: "the URL has no valid host"
        case .invalidPort(let port): "invalid port \(port)"
        case .invalidDatabase(let path): "invalid database index \(path)"
        case .invalidPercentEncoding: "invalid percent-encoding in the user or password"
        case .unsupportedQuery: "query and fragment are not supported"
        }
    }
}
