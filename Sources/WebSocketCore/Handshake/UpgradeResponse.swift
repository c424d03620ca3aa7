/// How a server answers an accepted upgrade: which subprotocols it speaks and which extra headers it adds.
/// Validated when built, so that `Connection<Pending>.accept` cannot fail.
public struct UpgradeResponse: Sendable, Hashable {
    /// The subprotocols this server speaks, most preferred first; the first one the client offered is chosen.
    public let supportedSubprotocols: [String]
    /// Header fields added to the 101 response.
    public let extraHeaders: HTTPHeaders

    /// A response that speaks `supportedSubprotocols` and adds `extraHeaders`. Throws when a subprotocol is not
    /// a token, or a header is one the handshake writes itself or holds characters that cannot be sent.
    public init(supportedSubprotocols: [String] = [], extraHeaders: HTTPHeaders = HTTPHeaders()) throws(HandshakeUsageError) {
        for subprotocol in supportedSubprotocols {
            _ = try ServerHandshake.acceptResponse(forKey: Self.probeKey, subprotocol: subprotocol, extensionHeaderValues: [])
        }
        _ = try ServerHandshake.acceptResponse(
            forKey: Self.probeKey, subprotocol: nil, extensionHeaderValues: [], extraHeaders: extraHeaders)
        self.supportedSubprotocols = supportedSubprotocols
        self.extraHeaders = extraHeaders
    }

    /// A plain acceptance: no subprotocol, no extra headers.
    public init() {
        self.supportedSubprotocols = []
        self.extraHeaders = HTTPHeaders()
    }

    private static let probeKey = "dGhlIHNhbXBsZSBub25jZQ=="
}
