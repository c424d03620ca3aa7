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

    /// A stable, kebab-case name for logs, metrics and the table in `Spec/errors.md`.
    public var name: String { kind.name }

    /// One example of every case, for tests and documentation (in declaration order).
    public static var allExamples: [HandshakeRejection] { Kind.allCases.map(\.example) }

    /// The cases without their associated values: `kind` and `Kind.example` are switches without `default`, so a
    /// new case does not compile until it has a name and an example, and the test of `Spec/errors.md` then checks it.
    enum Kind: CaseIterable {
        case methodNotAllowed, unsupportedHTTPVersion, missingHost, multipleHosts, upgradeNotWebSocket
        case connectionNotUpgrade, unsupportedWebSocketVersion, missingKey, multipleKeys, invalidKey
        case invalidSubprotocol, malformedExtensions, malformedRequest, requestTooLarge

        /// The stable name.
        var name: String {
            switch self {
            case .methodNotAllowed: "method-not-allowed"
            case .unsupportedHTTPVersion: "unsupported-http-version"
            case .missingHost: "missing-host"
            case .multipleHosts: "multiple-hosts"
            case .upgradeNotWebSocket: "upgrade-not-websocket"
            case .connectionNotUpgrade: "connection-not-upgrade"
            case .unsupportedWebSocketVersion: "unsupported-websocket-version"
            case .missingKey: "missing-key"
            case .multipleKeys: "multiple-keys"
            case .invalidKey: "invalid-key"
            case .invalidSubprotocol: "invalid-subprotocol"
            case .malformedExtensions: "malformed-extensions"
            case .malformedRequest: "malformed-request"
            case .requestTooLarge: "request-too-large"
            }
        }

        /// A rejection of this kind.
        var example: HandshakeRejection {
            switch self {
            case .methodNotAllowed: .methodNotAllowed(method: "POST")
            case .unsupportedHTTPVersion: .unsupportedHTTPVersion(HTTPVersion(major: 1, minor: 0))
            case .missingHost: .missingHost
            case .multipleHosts: .multipleHosts
            case .upgradeNotWebSocket: .upgradeNotWebSocket
            case .connectionNotUpgrade: .connectionNotUpgrade
            case .unsupportedWebSocketVersion: .unsupportedWebSocketVersion("8")
            case .missingKey: .missingKey
            case .multipleKeys: .multipleKeys
            case .invalidKey: .invalidKey("short")
            case .invalidSubprotocol: .invalidSubprotocol("a b")
            case .malformedExtensions: .malformedExtensions(.invalidExtensionName(offset: 0))
            case .malformedRequest: .malformedRequest(.invalidRequestLine)
            case .requestTooLarge: .malformedRequest(.headTooLarge(limit: 16_384))
            }
        }
    }

    /// This rejection's case, without its associated values (an oversized head is its own kind: 431, not 400).
    var kind: Kind {
        switch self {
        case .methodNotAllowed: .methodNotAllowed
        case .unsupportedHTTPVersion: .unsupportedHTTPVersion
        case .missingHost: .missingHost
        case .multipleHosts: .multipleHosts
        case .upgradeNotWebSocket: .upgradeNotWebSocket
        case .connectionNotUpgrade: .connectionNotUpgrade
        case .unsupportedWebSocketVersion: .unsupportedWebSocketVersion
        case .missingKey: .missingKey
        case .multipleKeys: .multipleKeys
        case .invalidKey: .invalidKey
        case .invalidSubprotocol: .invalidSubprotocol
        case .malformedExtensions: .malformedExtensions
        case .malformedRequest(.headTooLarge), .malformedRequest(.tooManyHeaders): .requestTooLarge
        case .malformedRequest: .malformedRequest
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
