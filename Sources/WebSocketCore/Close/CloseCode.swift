/// A close status code (RFC 6455 §7.4), with the registered codes as named constants.
public struct CloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric code as it appears on the wire (big-endian, the first two bytes of a close payload).
    public let rawValue: UInt16

    /// A code from its number (any value; whether it may be sent is `isSendable`).
    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A code from its number.
    @inlinable
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// 1000: the purpose of the connection has been fulfilled.
    public static let normalClosure = CloseCode(1000)
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    public static let goingAway = CloseCode(1001)
    /// 1002: the peer broke the protocol.
    public static let protocolError = CloseCode(1002)
    /// 1003: a data type the endpoint cannot accept.
    public static let unsupportedData = CloseCode(1003)
    /// 1005: no status code was present (never sent on the wire; reported locally).
    public static let noStatusReceived = CloseCode(1005)
    /// 1006: the connection closed without a close frame (never sent on the wire; reported locally).
    public static let abnormalClosure = CloseCode(1006)
    /// 1007: message data was not consistent with its type (e.g. invalid UTF-8 in a text message).
    public static let invalidPayloadData = CloseCode(1007)
    /// 1008: a message violated the endpoint's policy.
    public static let policyViolation = CloseCode(1008)
    /// 1009: a message was too big to process.
    public static let messageTooBig = CloseCode(1009)
    /// 1010: the client expected an extension that the server did not negotiate.
    public static let mandatoryExtension = CloseCode(1010)
    /// 1011: the server met an unexpected condition.
    public static let internalError = CloseCode(1011)
    /// 1012: the service is restarting.
    public static let serviceRestart = CloseCode(1012)
    /// 1013: try again later (temporary overload).
    public static let tryAgainLater = CloseCode(1013)
    /// 1014: a gateway or proxy received an invalid response upstream.
    public static let badGateway = CloseCode(1014)
    /// 1015: the TLS handshake failed (never sent on the wire; reported locally).
    public static let tlsHandshakeFailure = CloseCode(1015)

    /// True when the code may appear in a close frame on the wire: 1000–1003, 1007–1014 and 3000–4999.
    /// Codes below 1000, 1004–1006, 1015, 1016–2999 and 5000 and above may not (RFC 6455 §7.4.1, §7.4.2 and the
    /// IANA registry).
    @inlinable
    public var isAllowedOnWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }

    /// The code and its registered name, e.g. `1000 (normal closure)`.
    public var description: String {
        let name: String? = switch rawValue {
        case 1000: "normal closure"
        case 1001: "going away"
        case 1002: "protocol error"
        case 1003: "unsupported data"
        case 1005: "no status received"
        case 1006: "abnormal closure"
        case 1007: "invalid payload data"
        case 1008: "policy violation"
        case 1009: "message too big"
        case 1010: "mandatory extension"
        case 1011: "internal error"
        case 1012: "service restart"
        case 1013: "try again later"
        case 1014: "bad gateway"
        case 1015: "TLS handshake failure"
        default: nil
        }
        return name.map { "\(rawValue) (\($0))" } ?? "\(rawValue)"
    }
}
