/// Why a redirect was not followed (RFC 9110 §15.4, RFC 6455 §4.1).
public enum WebSocketRedirectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `Location` is not a usable URL (or names a scheme other than ws, wss, http, https).
    case invalidLocation(String)
    /// A `wss://` URL redirected to `ws://` (or `http://`): refused, it would drop TLS.
    case insecureDowngrade(from: String, to: String)
    /// The redirect leads to a URL already visited.
    case loop(String)
    /// More than `limit` redirects; `location` is the one not followed.
    case tooManyRedirects(limit: Int, location: String)

    /// What went wrong.
    public var description: String {
        switch self {
        case .invalidLocation(let location): "redirect to an unusable Location \(location)"
        case .insecureDowngrade(let from, let to): "refused to follow a redirect from \(from) to the insecure \(to)"
        case .loop(let url): "redirect loop: \(url) was already visited"
        case .tooManyRedirects(let limit, let location): "more than \(limit) redirects (next: \(location))"
        }
    }
}
