/// Where a `WebSocketServer` listens: a TCP host and port, or a Unix-domain socket path.
enum WebSocketListenAddress: Sendable {
    /// A TCP address (`host` resolved with `getaddrinfo`; port 0 lets the system pick one).
    case tcp(host: String, port: Int)
    /// A Unix-domain socket file and its mode.
    case unix(path: String, permissions: UInt16)
}
