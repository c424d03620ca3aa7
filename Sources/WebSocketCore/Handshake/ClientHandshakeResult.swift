/// What a successful opening handshake agreed on, from the client's point of view.
public struct ClientHandshakeResult: Sendable, Hashable {
    /// The subprotocol the server chose, or nil when it chose none.
    public var subprotocol: String?
    /// The extensions the server accepted, in the order it listed them, with the parameters it sent; each
    /// extension should check its own parameters before use.
    public var extensions: [ExtensionOffer]
    /// The response head.
    public var response: HTTPResponseHead

    /// A result with the given parts.
    public init(subprotocol: String?, extensions: [ExtensionOffer], response: HTTPResponseHead) {
        self.subprotocol = subprotocol
        self.extensions = extensions
        self.response = response
    }
}
