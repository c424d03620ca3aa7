extension ServerHandshake {
    /// The fields of a 101 response that the handshake writes and extra headers may not repeat.
    static let reservedResponseHeaders = [
        "Upgrade", "Connection", "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions",
    ]

    /// The `HTTP/1.1 101 Switching Protocols` response accepting a handshake (RFC 6455 §4.2.2 item 5):
    /// `Upgrade: websocket`, `Connection: Upgrade`, `Sec-WebSocket-Accept` for `key`, then
    /// `Sec-WebSocket-Protocol` when a subprotocol was chosen, `Sec-WebSocket-Extensions` when extensions were
    /// accepted, then `extraHeaders` in order.
    public static func acceptResponse(
        forKey key: String,
        subprotocol: String? = nil,
        extensions: [ExtensionOffer] = [],
        extraHeaders: HTTPHeaders = HTTPHeaders()
    ) throws(HandshakeUsageError) -> [UInt8] {
        if let bad = extensions.first(where: { !$0.isWellFormed }) { throw .invalidExtensions(bad.description) }
        let value = extensions.isEmpty ? [] : [ExtensionOffer.headerValue(for: extensions)]
        return try acceptResponse(forKey: key, subprotocol: subprotocol, extensionHeaderValues: value, extraHeaders: extraHeaders)
    }

    /// The 101 response as above, with the accepted extensions given as ready-made header values (one
    /// `Sec-WebSocket-Extensions` field each); each must parse under the RFC 6455 §9.1 grammar.
    public static func acceptResponse(
        forKey key: String,
        subprotocol: String?,
        extensionHeaderValues: [String],
        extraHeaders: HTTPHeaders = HTTPHeaders()
    ) throws(HandshakeUsageError) -> [UInt8] {
        if let subprotocol, !HTTPSyntax.isToken(subprotocol) { throw .invalidSubprotocol(subprotocol) }
        for value in extensionHeaderValues {
            guard HTTPSyntax.isFieldValue(value), (try? ExtensionOffer.parse(headerValue: value)) != nil else {
                throw .invalidExtensions(value)
            }
        }
        if let (field, isReserved) = HTTPHeadWriter.firstUnsendableField(in: extraHeaders, reserved: reservedResponseHeaders) {
            throw isReserved ? .reservedHeader(name: field.name) : .invalidHeader(name: field.name)
        }

        var writer = HTTPHeadWriter(startLine: "HTTP/1.1 101 Switching Protocols")
        writer.field("Upgrade", "websocket")
        writer.field("Connection", "Upgrade")
        writer.field("Sec-WebSocket-Accept", acceptValue(forKey: key))
        if let subprotocol { writer.field("Sec-WebSocket-Protocol", subprotocol) }
        for value in extensionHeaderValues { writer.field("Sec-WebSocket-Extensions", value) }
        for field in extraHeaders { writer.field(field.name, field.value) }
        return writer.finish()
    }
}
