/// Takes part in the opening handshake for one extension and creates its per-connection state.
public protocol WebSocketExtensionFactory: Sendable {
    /// The registered extension name, e.g. `permessage-deflate`.
    var name: String { get }

    /// Client: the offers to send in `Sec-WebSocket-Extensions`, most preferred first.
    func clientOffers() -> [ExtensionOffer]

    /// Client: checks the server's answer against what was offered and creates the extension, or throws a
    /// reason to fail the handshake.
    func clientAccept(_ response: ExtensionOffer) throws(ExtensionNegotiationError) -> any WebSocketExtension

    /// Server: picks the first acceptable offer of this extension (in the client's order) and returns the
    /// response parameters and the extension, or nil to decline every offer.
    func serverAccept(_ offers: [ExtensionOffer]) -> (response: ExtensionOffer, instance: any WebSocketExtension)?
}
