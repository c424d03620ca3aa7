/// The limits and timeouts of plain HTTP requests served beside WebSocket (requests that are not upgrades):
/// their bodies, keep-alive and the time a body may take. The defaults are the safe ones.
public struct HTTPServerSettings: Sendable, Hashable {
    /// The largest request body accepted; a larger one (declared or chunked) is answered with 413 before more of it
    /// is read. Default 1 MiB.
    public var maximumBodySize = 1 << 20
    /// The largest trailer section of a chunked body; more is answered with 431. Default 8 KiB.
    public var maximumTrailerSize = 8 << 10
    /// A body not complete this long after its head is answered with 408 and the connection closed. Default 10 s.
    public var bodyTimeout: Duration = .seconds(10)
    /// A persistent connection with no next request for this long is closed (quietly). Default 5 s.
    public var keepAliveTimeout: Duration = .seconds(5)
    /// Requests served on one connection before it closes (the last response says `Connection: close`); 1 turns
    /// keep-alive off. Default 100.
    public var maximumRequestsPerConnection = 100

    /// The defaults.
    public init() {}

    /// Checks the values: non-negative sizes, positive timeouts and at least one request per connection.
    public func validate() throws(ConfigurationError) {
        if maximumBodySize < 0 || maximumTrailerSize < 0 {
            throw ConfigurationError("http.maximumBodySize and maximumTrailerSize", "must not be negative")
        }
        if bodyTimeout <= .zero || keepAliveTimeout <= .zero {
            throw ConfigurationError("http.bodyTimeout and keepAliveTimeout", "must be positive")
        }
        if maximumRequestsPerConnection < 1 {
            throw ConfigurationError("http.maximumRequestsPerConnection", "must be at least 1")
        }
    }
}
