/// Why a server refuses a client's opening handshake (RFC 6455 §4.2.1, §4.2.2), with the HTTP response to send.
///
/// Each case is a stable reason. `status` is the HTTP status: 405 for a method other than GET (with
/// `Allow: GET`, as RFC 9110 §15.5.6 requires), 426 for a missing or unsupported `Sec-WebSocket-Version` (with
/// `Sec-WebSocket-Version: 13`, RFC 6455 §4.2.2), and 400 for everything else. `responseBytes()` renders a
/// complete HTTP/1.1 response that closes the connection.
public enum HandshakeRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The method is not GET.
    case methodNotAllowed(method: String)
    /// The request is older than HTTP/1.1.
    case unsupportedHTTPVersion(HTTPVersion)
    /// There is no `Host` field, or it is empty.
    case missingHost
    /// There is more than one `Host` field (RFC 9112 §3.2).
    case multipleHosts
    /// `Upgrade` is missing or does not list `websocket`.
    case upgradeNotWebSocket
    /// `Connection` is missing or does not list `Upgrade`.
    case connectionNotUpgrade
    /// `Sec-WebSocket-Version` is missing (nil) or is not exactly `13`.
    case unsupportedWebSocketVersion(String?)
    /// There is no `Sec-WebSocket-Key` field.
    case missingKey
    /// There is more than one `Sec-WebSocket-Key` field.
    case multipleKeys
    /// `Sec-WebSocket-Key` is not the strict Base64 of exactly 16 bytes.
    case invalidKey(String)
    /// A `Sec-WebSocket-Protocol` element is not a token.
    case invalidSubprotocol(String)
    /// `Sec-WebSocket-Extensions` does not match the RFC 6455 §9.1 grammar.
    case malformedExtensions(ExtensionHeaderError)
    /// The request head is not valid HTTP/1.1 (431 when it exceeds the size or field-count limit).
    case malformedRequest(HTTPHeadError)

    /// The HTTP status code of the rejection response.
    public var status: Int {
        switch self {
        case .methodNotAllowed: 405
        case .unsupportedWebSocketVersion: 426
        case .malformedRequest(.headTooLarge), .malformedRequest(.tooManyHeaders): 431
        default: 400
        }
    }

    /// The reason phrase for `status`.
    public var reasonPhrase: String {
        switch status {
        case 405: "Method Not Allowed"
        case 426: "Upgrade Required"
        case 431: "Request Header Fields Too Large"
        default: "Bad Request"
        }
    }

    /// The header fields the response carries besides Content-Type, Content-Length and Connection.
    public var extraHeaders: HTTPHeaders {
        switch self {
        case .methodNotAllowed: ["Allow": "GET"]
        case .unsupportedWebSocketVersion: ["Sec-WebSocket-Version": Handshake.version]
        default: HTTPHeaders()
        }
    }

    /// A short English explanation, also used as the response body.
    public var description: String {
        switch self {
        case .methodNotAllowed(let method): "WebSocket handshake requires GET, not \(Self.printable(method))"
        case .unsupportedHTTPVersion(let version): "WebSocket handshake requires HTTP/1.1 or later, not \(version)"
        case .missingHost: "missing Host header"
        case .multipleHosts: "more than one Host header"
        case .upgradeNotWebSocket: "Upgrade header must include websocket"
        case .connectionNotUpgrade: "Connection header must include Upgrade"
        case .unsupportedWebSocketVersion(nil): "missing Sec-WebSocket-Version; this server speaks version 13"
        case .unsupportedWebSocketVersion(let version?): "unsupported Sec-WebSocket-Version \(Self.printable(version)); this server speaks version 13"
        case .missingKey: "missing Sec-WebSocket-Key header"
        case .multipleKeys: "more than one Sec-WebSocket-Key header"
        case .invalidKey: "Sec-WebSocket-Key must be the base64 encoding of 16 bytes"
        case .invalidSubprotocol(let value): "Sec-WebSocket-Protocol element \(Self.printable(value)) is not a token"
        case .malformedExtensions(let error): "malformed Sec-WebSocket-Extensions: \(error)"
        case .malformedRequest(let error): "malformed HTTP request: \(error)"
        }
    }

    /// The complete HTTP/1.1 response: status line, `Content-Type: text/plain; charset=utf-8`, `Content-Length`,
    /// `Connection: close`, the extra headers, a blank line and the explanation as body.
    public func responseBytes() -> [UInt8] {
        let body = Array((description + "\n").utf8)
        var writer = HTTPHeadWriter(startLine: "HTTP/1.1 \(status) \(reasonPhrase)")
        writer.field("Content-Type", "text/plain; charset=utf-8")
        writer.field("Content-Length", String(body.count))
        writer.field("Connection", "close")
        for field in extraHeaders { writer.field(field.name, field.value) }
        return writer.finish(body: body)
    }

    /// `text` limited to 64 printable ASCII characters, so client input cannot shape the response body.
    private static func printable(_ text: String) -> String {
        let cleaned = text.utf8.prefix(64).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }
        return "\"" + String(decoding: cleaned, as: UTF8.self) + "\""
    }
}
