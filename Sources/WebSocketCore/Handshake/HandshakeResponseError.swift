/// Why a server's response does not complete a client's opening handshake (RFC 6455 §4.1): the peer's failure,
/// after which the client must _Fail the WebSocket Connection_.
public enum HandshakeResponseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status is not 101 Switching Protocols.
    case unexpectedStatus(Int, reason: String)
    /// `Upgrade` is missing or is not exactly `websocket` (case-insensitive); carries what was received.
    case upgradeNotWebSocket(String?)
    /// `Connection` is missing or does not list `Upgrade`.
    case connectionNotUpgrade
    /// There is no `Sec-WebSocket-Accept` field.
    case missingAccept
    /// `Sec-WebSocket-Accept` is not the value computed from our key (several fields are joined with ", ").
    case acceptMismatch(expected: String, received: String)
    /// The server chose a subprotocol we did not offer (or sent an empty one).
    case unofferedSubprotocol(String)
    /// The server named more than one subprotocol.
    case multipleSubprotocols([String])
    /// `Sec-WebSocket-Extensions` in the response does not match the RFC 6455 §9.1 grammar.
    case malformedExtensions(ExtensionHeaderError)
    /// The server accepted an extension we did not offer.
    case unofferedExtension(String)

    /// A stable, kebab-case name for logs, metrics and the table in `Spec/errors.md`.
    public var name: String { kind.name }

    /// One example of every case, for tests and documentation (in declaration order).
    public static var allExamples: [HandshakeResponseError] { Kind.allCases.map(\.example) }

    /// The cases without their associated values (see `HandshakeRejection.Kind`).
    enum Kind: CaseIterable {
        case unexpectedStatus, upgradeNotWebSocket, connectionNotUpgrade, missingAccept, acceptMismatch
        case unofferedSubprotocol, multipleSubprotocols, malformedExtensions, unofferedExtension

        /// The stable name.
        var name: String {
            switch self {
            case .unexpectedStatus: "unexpected-status"
            case .upgradeNotWebSocket: "response-upgrade-not-websocket"
            case .connectionNotUpgrade: "response-connection-not-upgrade"
            case .missingAccept: "missing-accept"
            case .acceptMismatch: "accept-mismatch"
            case .unofferedSubprotocol: "unoffered-subprotocol"
            case .multipleSubprotocols: "multiple-subprotocols"
            case .malformedExtensions: "response-malformed-extensions"
            case .unofferedExtension: "unoffered-extension"
            }
        }

        /// A failure of this kind.
        var example: HandshakeResponseError {
            switch self {
            case .unexpectedStatus: .unexpectedStatus(403, reason: "Forbidden")
            case .upgradeNotWebSocket: .upgradeNotWebSocket("h2c")
            case .connectionNotUpgrade: .connectionNotUpgrade
            case .missingAccept: .missingAccept
            case .acceptMismatch: .acceptMismatch(expected: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", received: "x")
            case .unofferedSubprotocol: .unofferedSubprotocol("chat")
            case .multipleSubprotocols: .multipleSubprotocols(["a", "b"])
            case .malformedExtensions: .malformedExtensions(.invalidExtensionName(offset: 0))
            case .unofferedExtension: .unofferedExtension("x-unknown")
            }
        }
    }

    /// This failure's case, without its associated values.
    var kind: Kind {
        switch self {
        case .unexpectedStatus: .unexpectedStatus
        case .upgradeNotWebSocket: .upgradeNotWebSocket
        case .connectionNotUpgrade: .connectionNotUpgrade
        case .missingAccept: .missingAccept
        case .acceptMismatch: .acceptMismatch
        case .unofferedSubprotocol: .unofferedSubprotocol
        case .multipleSubprotocols: .multipleSubprotocols
        case .malformedExtensions: .malformedExtensions
        case .unofferedExtension: .unofferedExtension
        }
    }

    /// A short English explanation.
    public var description: String {
        switch self {
        case .unexpectedStatus(let status, let reason): "server answered \(status) \(reason) instead of 101 Switching Protocols"
        case .upgradeNotWebSocket(nil): "response has no Upgrade header"
        case .upgradeNotWebSocket(let value?): "response Upgrade header is \"\(value)\", not websocket"
        case .connectionNotUpgrade: "response Connection header does not include Upgrade"
        case .missingAccept: "response has no Sec-WebSocket-Accept header"
        case .acceptMismatch(let expected, let received): "Sec-WebSocket-Accept is \"\(received)\", expected \"\(expected)\""
        case .unofferedSubprotocol(let value): "server chose subprotocol \"\(value)\", which was not offered"
        case .multipleSubprotocols(let values): "server named several subprotocols: \(values.joined(separator: ", "))"
        case .malformedExtensions(let error): "malformed Sec-WebSocket-Extensions in response: \(error)"
        case .unofferedExtension(let name): "server accepted extension \"\(name)\", which was not offered"
        }
    }
}
