/// The server side of the opening handshake (RFC 6455 §4.2): validating the client's request, computing
/// `Sec-WebSocket-Accept`, negotiating a subprotocol and rendering the 101 response.
public enum ServerHandshake {
    /// `Sec-WebSocket-Accept` for `key`: Base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) (RFC 6455 §4.2.2).
    /// The key is used as sent, without decoding it.
    public static func acceptValue(forKey key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + Handshake.acceptGUID).utf8)))
    }

    /// Checks a request head against RFC 6455 §4.2.1, in this order: method GET, HTTP/1.1 or later, exactly one
    /// non-empty Host, Upgrade lists `websocket` and Connection lists `Upgrade` (both case-insensitive),
    /// Sec-WebSocket-Version exactly `13`, exactly one Sec-WebSocket-Key that is strict Base64 of 16 bytes,
    /// Sec-WebSocket-Protocol elements are tokens, and Sec-WebSocket-Extensions parses. The first failed check
    /// is thrown as a `HandshakeRejection`, which renders the HTTP response to send.
    public static func validate(_ head: HTTPRequestHead) throws(HandshakeRejection) -> UpgradeRequest {
        let headers = head.headers
        guard head.method == "GET" else { throw .methodNotAllowed(method: head.method) }
        guard head.version >= .http11 else { throw .unsupportedHTTPVersion(head.version) }

        let hosts = headers.values("Host")
        guard hosts.count <= 1 else { throw .multipleHosts }
        guard let host = hosts.first, !host.isEmpty else { throw .missingHost }

        guard headers.containsToken("websocket", in: "Upgrade") else { throw .upgradeNotWebSocket }
        guard headers.containsToken("Upgrade", in: "Connection") else { throw .connectionNotUpgrade }

        let versions = headers.values("Sec-WebSocket-Version")
        guard versions == [Handshake.version] else {
            throw .unsupportedWebSocketVersion(versions.isEmpty ? nil : versions.joined(separator: ", "))
        }

        let keys = headers.values("Sec-WebSocket-Key")
        guard keys.count <= 1 else { throw .multipleKeys }
        guard let key = keys.first else { throw .missingKey }
        guard Base64.decode(key)?.count == Handshake.keyByteCount else { throw .invalidKey(key) }

        let subprotocols = headers.tokens("Sec-WebSocket-Protocol")
        if let bad = subprotocols.first(where: { !HTTPSyntax.isToken($0) }) { throw .invalidSubprotocol(bad) }

        let extensions: [ExtensionOffer]
        do {
            extensions = try ExtensionOffer.parse(headerValues: headers.values("Sec-WebSocket-Extensions"))
        } catch {
            throw .malformedExtensions(error)
        }

        return UpgradeRequest(
            head: head,
            host: host,
            key: key,
            origin: headers.first("Origin"),
            subprotocols: subprotocols,
            extensions: extensions
        )
    }
}
