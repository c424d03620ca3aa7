/// A server application's answer to an upgrade request.
public enum UpgradeDecision: Sendable {
    /// Accept, with the subprotocols the server speaks and extra response headers.
    case accept(UpgradeResponse)
    /// Refuse with an HTTP response.
    case reject(status: Int, reason: String, body: String, headers: HTTPHeaders)

    /// Accept with no subprotocol and no extra headers.
    public static let accept = UpgradeDecision.accept(UpgradeResponse())

    /// Refuse with `status` and a short plain-text body.
    public static func reject(status: Int, reason: String, body: String = "") -> UpgradeDecision {
        .reject(status: status, reason: reason, body: body, headers: HTTPHeaders())
    }
}

/// A plain HTTP response, for requests that are not WebSocket upgrades.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// The reason phrase.
    public var reason: String
    /// Header fields (Content-Length and Connection are set automatically).
    public var headers: HTTPHeaders
    /// The body.
    public var body: [UInt8]

    /// A response with the given parts.
    public init(status: Int, reason: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// The default for non-upgrade requests: 426 Upgrade Required, naming the protocol to upgrade to.
    public static let upgradeRequired = HTTPResponse(
        status: 426, reason: "Upgrade Required",
        headers: ["Upgrade": "websocket", "Sec-WebSocket-Version": "13"],
        body: Array("This is a WebSocket endpoint; send an upgrade request.\n".utf8))

    /// The bytes on the wire (the connection closes after it).
    public var bytes: [UInt8] {
        HTTPResponseRenderer.render(status: status, reason: reason, headers: headers, body: body)
    }
}

/// A message encoded once as a server frame, to be sent to many connections without re-encoding
/// (`WebSocketChannel.send(prepared:)`, `BroadcastHub`).
public struct PreparedMessage: Sendable, Hashable {
    /// The encoded frame (the core's `PreparedFrame`).
    public let frame: PreparedFrame

    /// Encodes `message` as a single unmasked frame.
    public init(_ message: Message) {
        self.frame = PreparedFrame(message)
    }

    /// The message.
    public var message: Message { frame.message }
    /// The frame as it goes on the wire from a server: header and unmasked payload.
    public var frameBytes: [UInt8] { frame.bytes }
}

/// Why a client could not open a WebSocket connection.
public enum WebSocketConnectError: Error, Sendable, CustomStringConvertible {
    /// The URL is not a usable ws:// URL.
    case invalidURL(String)
    /// Name resolution or the TCP connection failed.
    case transport(TransportError)
    /// The request could not be built (invalid header, subprotocol, ...).
    case invalidRequest(ClientHandshakeError)
    /// The server's response was not an acceptable upgrade.
    case handshake(ClientHandshakeFailure)
    /// The server did not answer the handshake in time.
    case handshakeTimeout
    /// The connection closed before the handshake completed.
    case closedDuringHandshake
    /// The security layer (TLS) could not be set up or failed: untrusted chain, expired certificate, wrong host.
    case security(String)

    /// What went wrong.
    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid WebSocket URL \(url)"
        case .transport(let error): "connection failed: \(error)"
        case .invalidRequest(let error): "invalid request: \(error)"
        case .handshake(let failure): "\(failure)"
        case .handshakeTimeout: "the server did not complete the handshake in time"
        case .closedDuringHandshake: "the connection closed during the handshake"
        case .security(let reason): "TLS failed: \(reason)"
        }
    }
}
