/// A client's opening handshake that passed `ServerHandshake.validate` (RFC 6455 §4.2.1): what the server needs
/// to decide whether to accept and how to answer.
public struct UpgradeRequest: Sendable, Hashable {
    /// The request head as received.
    public var head: HTTPRequestHead
    /// The `Host` field value.
    public var host: String
    /// The `Sec-WebSocket-Key` value (the Base64 of 16 bytes), to be answered with `Sec-WebSocket-Accept`.
    public var key: String
    /// The `Origin` field value, if sent (browsers send it; RFC 6455 §4.2.1 item 7).
    public var origin: String?
    /// The subprotocols the client offered, in its order of preference, from all `Sec-WebSocket-Protocol` fields.
    public var subprotocols: [String]
    /// The extensions the client offered, in order, from all `Sec-WebSocket-Extensions` fields.
    public var extensions: [ExtensionOffer]

    /// The path of the request target (before `?`).
    public var path: String { head.path }
    /// The query of the request target (after `?`), or nil.
    public var query: String? { head.query }
    /// All header fields of the request.
    public var headers: HTTPHeaders { head.headers }

    /// The `Sec-WebSocket-Accept` value that answers this request's key.
    public var acceptValue: String { ServerHandshake.acceptValue(forKey: key) }

    /// The 101 response accepting this request; see `ServerHandshake.acceptResponse(forKey:subprotocol:extensions:extraHeaders:)`.
    public func acceptResponse(
        subprotocol: String? = nil,
        extensions: [ExtensionOffer] = [],
        extraHeaders: HTTPHeaders = HTTPHeaders()
    ) throws(HandshakeUsageError) -> [UInt8] {
        try ServerHandshake.acceptResponse(forKey: key, subprotocol: subprotocol, extensions: extensions, extraHeaders: extraHeaders)
    }
}
