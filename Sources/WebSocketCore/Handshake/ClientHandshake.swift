/// The client side of the opening handshake (RFC 6455 §4.1): the request to send and the validation of the
/// server's response.
///
/// Create one per connection attempt; it holds the random `Sec-WebSocket-Key` the response must answer.
public struct ClientHandshake: Sendable, Hashable {
    /// The host as written in the `Host` field (an IPv6 address in brackets).
    public let host: String
    /// The port, or nil for the scheme's default.
    public let port: Int?
    /// Whether the connection is `wss` (default port 443) rather than `ws` (default port 80).
    public let isSecure: Bool
    /// The request target: path and optional query, e.g. `/chat?room=1`.
    public let target: String
    /// The `Sec-WebSocket-Key`: Base64 of 16 random bytes.
    public let key: String
    /// The subprotocols offered, most preferred first.
    public let subprotocols: [String]
    /// The extensions offered, in order.
    public let extensions: [ExtensionOffer]
    /// The `Origin` to send, if any.
    public let origin: String?
    /// Additional header fields, sent after the handshake's own.
    public let extraHeaders: HTTPHeaders

    /// The request fields that the handshake writes and extra headers may not repeat.
    static let reservedRequestHeaders = [
        "Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Origin",
    ]

    /// A handshake whose key is drawn from `generator` (16 bytes from two `next()` calls).
    public init(
        host: String,
        port: Int? = nil,
        isSecure: Bool = false,
        target: String = "/",
        subprotocols: [String] = [],
        extensions: [ExtensionOffer] = [],
        origin: String? = nil,
        extraHeaders: HTTPHeaders = HTTPHeaders(),
        using generator: inout some RandomNumberGenerator
    ) throws(HandshakeUsageError) {
        try self.init(
            host: host, port: port, isSecure: isSecure, target: target, subprotocols: subprotocols,
            extensions: extensions, origin: origin, extraHeaders: extraHeaders,
            key: Self.makeKey(using: &generator)
        )
    }

    /// A handshake with the given key, or a key from the system's cryptographically secure generator when
    /// `key` is nil (pass a fixed key only for tests and vectors; RFC 6455 §4.1 requires a fresh random nonce).
    public init(
        host: String,
        port: Int? = nil,
        isSecure: Bool = false,
        target: String = "/",
        subprotocols: [String] = [],
        extensions: [ExtensionOffer] = [],
        origin: String? = nil,
        extraHeaders: HTTPHeaders = HTTPHeaders(),
        key: String? = nil
    ) throws(HandshakeUsageError) {
        var system = SystemRandomNumberGenerator()
        let key = key ?? Self.makeKey(using: &system)
        guard Base64.decode(key)?.count == Handshake.keyByteCount else { throw .invalidKey(key) }
        self.host = try Self.hostFieldValue(host)
        if let port, !(1...65535).contains(port) { throw .invalidPort(port) }
        self.port = port
        self.isSecure = isSecure
        guard target.utf8.first == UInt8(ascii: "/"),
              target.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: "#") }) else {
            throw .invalidTarget(target)
        }
        self.target = target
        self.key = key
        for (index, subprotocol) in subprotocols.enumerated() {
            guard HTTPSyntax.isToken(subprotocol), !subprotocols[..<index].contains(subprotocol) else {
                throw .invalidSubprotocol(subprotocol)
            }
        }
        self.subprotocols = subprotocols
        if let bad = extensions.first(where: { !$0.isWellFormed }) { throw .invalidExtensionOffer(bad.description) }
        self.extensions = extensions
        if let origin, !HTTPSyntax.isFieldValue(origin) || origin.isEmpty { throw .invalidOrigin(origin) }
        self.origin = origin
        if let (field, isReserved) = HTTPHeadWriter.firstUnsendableField(in: extraHeaders, reserved: Self.reservedRequestHeaders) {
            throw isReserved ? .reservedHeader(name: field.name) : .invalidHeader(name: field.name)
        }
        self.extraHeaders = extraHeaders
    }

    /// A fresh `Sec-WebSocket-Key`: the Base64 of 16 bytes drawn from `generator`.
    public static func makeKey(using generator: inout some RandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Handshake.keyByteCount)
        for _ in 0..<2 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Base64.encode(bytes)
    }

    /// The `Sec-WebSocket-Accept` value a correct server answers with.
    public var expectedAccept: String { ServerHandshake.acceptValue(forKey: key) }

    /// The `Host` field value: the host, plus `:port` when a port other than the scheme's default was given.
    public var hostFieldValue: String {
        guard let port, port != (isSecure ? 443 : 80) else { return host }
        return host + ":" + String(port)
    }

    /// The request head to send (RFC 6455 §4.1): `GET target HTTP/1.1`, Host, `Upgrade: websocket`,
    /// `Connection: Upgrade`, Sec-WebSocket-Key, `Sec-WebSocket-Version: 13`, then Sec-WebSocket-Protocol,
    /// Sec-WebSocket-Extensions and Origin when given, then the extra headers.
    public var requestHead: HTTPRequestHead {
        var headers: HTTPHeaders = [
            "Host": hostFieldValue,
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": key,
            "Sec-WebSocket-Version": Handshake.version,
        ]
        if !subprotocols.isEmpty { headers.append(name: "Sec-WebSocket-Protocol", value: subprotocols.joined(separator: ", ")) }
        if !extensions.isEmpty { headers.append(name: "Sec-WebSocket-Extensions", value: ExtensionOffer.headerValue(for: extensions)) }
        if let origin { headers.append(name: "Origin", value: origin) }
        for field in extraHeaders { headers.append(name: field.name, value: field.value) }
        return HTTPRequestHead(method: "GET", target: target, version: .http11, headers: headers)
    }

    /// The bytes of `requestHead`, ending with the blank line.
    public func requestBytes() -> [UInt8] {
        let head = requestHead
        var writer = HTTPHeadWriter(startLine: "GET \(head.target) HTTP/1.1")
        for field in head.headers { writer.field(field.name, field.value) }
        return writer.finish()
    }

    /// Checks the server's response head (RFC 6455 §4.1, the client's validation steps 1–6): status 101,
    /// `Upgrade: websocket`, `Connection` listing `Upgrade`, `Sec-WebSocket-Accept` equal to `expectedAccept`,
    /// at most one subprotocol and only one we offered, and only extensions we offered. Returns what was agreed.
    public func validate(_ response: HTTPResponseHead) throws(HandshakeResponseError) -> ClientHandshakeResult {
        let headers = response.headers
        guard response.status == 101 else { throw .unexpectedStatus(response.status, reason: response.reason) }

        let upgrade = headers.tokens("Upgrade")
        guard upgrade.count == 1, HTTPSyntax.equalsIgnoringASCIICase(upgrade[0], "websocket") else {
            throw .upgradeNotWebSocket(headers.values("Upgrade").isEmpty ? nil : headers.values("Upgrade").joined(separator: ", "))
        }
        guard headers.containsToken("Upgrade", in: "Connection") else { throw .connectionNotUpgrade }

        let accepts = headers.values("Sec-WebSocket-Accept")
        guard !accepts.isEmpty else { throw .missingAccept }
        guard accepts == [expectedAccept] else {
            throw .acceptMismatch(expected: expectedAccept, received: accepts.joined(separator: ", "))
        }

        var subprotocol: String?
        let protocolValues = headers.values("Sec-WebSocket-Protocol")
        if !protocolValues.isEmpty {
            let chosen = headers.tokens("Sec-WebSocket-Protocol")
            guard chosen.count <= 1 else { throw .multipleSubprotocols(chosen) }
            guard let only = chosen.first, subprotocols.contains(only) else {
                throw .unofferedSubprotocol(chosen.first ?? "")
            }
            subprotocol = only
        }

        let accepted: [ExtensionOffer]
        do {
            accepted = try ExtensionOffer.parse(headerValues: headers.values("Sec-WebSocket-Extensions"))
        } catch {
            throw .malformedExtensions(error)
        }
        // Extension names compare ignoring ASCII case, as in the negotiation (`ExtensionNegotiation`).
        if let unoffered = accepted.first(where: { offer in
            !extensions.contains { HTTPSyntax.equalsIgnoringASCIICase($0.name, offer.name) }
        }) {
            throw .unofferedExtension(unoffered.name)
        }
        return ClientHandshakeResult(subprotocol: subprotocol, extensions: accepted, response: response)
    }

    /// Checks the host and returns it as written in the Host field (an unbracketed IPv6 address is bracketed).
    private static func hostFieldValue(_ host: String) throws(HandshakeUsageError) -> String {
        let forbidden: Set<UInt8> = Set("/?#@\"<>\\^`{|}%, ".utf8)
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E && !forbidden.contains($0) }) else {
            throw .invalidHost(host)
        }
        if host.utf8.first == UInt8(ascii: "[") && host.utf8.last == UInt8(ascii: "]") { return host }
        guard !host.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }) else {
            throw .invalidHost(host)
        }
        switch host.utf8.filter({ $0 == UInt8(ascii: ":") }).count {
        case 0: return host
        case 1: throw .invalidHost(host) // looks like host:port; the port belongs in `port`
        default: return "[" + host + "]" // an IPv6 address
        }
    }
}
