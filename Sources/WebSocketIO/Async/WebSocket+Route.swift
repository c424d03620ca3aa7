extension WebSocket {
    /// How a client connection got to its server: the final URL, the proxy and the redirects followed (nil for a
    /// server's connection).
    public var route: WebSocketRoute? { channel.route }
}
