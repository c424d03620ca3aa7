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
