/// Follows a chain of redirects, sans IO: resolves each `Location`, refuses a downgrade to `ws://`, a URL seen
/// before (a loop) and more than `limit` redirects, and records the chain.
public struct WebSocketRedirectTracker: Sendable {
    /// The most redirects followed.
    public let limit: Int
    /// The URL to connect to next.
    public private(set) var current: WebSocketURL
    /// The redirects followed so far, in order.
    public private(set) var redirects: [WebSocketRedirect] = []
    private var visited: Set<String>

    /// A tracker starting at `start`, following at most `limit` redirects.
    public init(start: WebSocketURL, limit: Int) {
        self.limit = max(0, limit)
        self.current = start
        self.visited = [start.identity]
    }

    /// The server at `current` answered `status` with `location`: returns the next URL (also `current` now).
    public mutating func follow(status: Int, location: String) throws(WebSocketRedirectError) -> WebSocketURL {
        let next = try WebSocketRedirect.resolve(location: location, against: current)
        guard !visited.contains(next.identity) else { throw .loop(next.description) }
        guard redirects.count < limit else { throw .tooManyRedirects(limit: limit, location: next.description) }
        visited.insert(next.identity)
        redirects.append(WebSocketRedirect(status: status, from: current.description, to: next.description))
        current = next
        return next
    }
}
