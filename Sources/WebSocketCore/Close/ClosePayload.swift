/// The payload of a close frame (RFC 6455 §5.5.1): empty, or a 2-byte code followed by a UTF-8 reason of at most
/// 123 bytes.
public struct ClosePayload: Hashable, Sendable {
    /// The longest reason that fits a control frame: 125 bytes minus the 2-byte code.
    public static let maximumReasonLength = 123

    /// The status code, or nil for an empty close payload.
    public let code: CloseCode?
    /// The reason, possibly empty (always empty when `code` is nil).
    public let reason: String

    /// A close payload for sending: the code must be allowed on the wire and the reason at most 123 bytes.
    public init(code: CloseCode, reason: String = "") throws(UsageError) {
        guard code.isAllowedOnWire else { throw .closeCodeNotSendable(code.rawValue) }
        let length = reason.utf8.count
        guard length <= Self.maximumReasonLength else { throw .closeReasonTooLong(length) }
        self.code = code
        self.reason = reason
    }

    /// An empty close payload (no code, no reason).
    public static let empty = ClosePayload(unchecked: nil, reason: "")

    /// A normal closure (1000) without a reason.
    public static let normal = ClosePayload(unchecked: .normalClosure, reason: "")

    private init(unchecked code: CloseCode?, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The close payload for failing a connection because of `violation` (its code and a short reason).
    public init(failing violation: ProtocolViolation) {
        let reason = String(decoding: violation.description.utf8.prefix(Self.maximumReasonLength), as: UTF8.self)
        self.init(unchecked: violation.closeCode, reason: reason)
    }

    /// Parses a received close payload, checking the length, the code and the reason's UTF-8.
    public init(parsing payload: some Collection<UInt8>) throws(ProtocolViolation) {
        let bytes = Array(payload)
        if bytes.isEmpty {
            self = .empty
            return
        }
        guard bytes.count >= 2 else { throw .closePayloadTooShort }
        let raw = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        let code = CloseCode(raw)
        guard code.isAllowedOnWire else { throw .invalidCloseCode(raw) }
        let reasonBytes = bytes[2...]
        guard UTF8Validator.isValid(reasonBytes) else { throw .invalidCloseReason }
        self.init(unchecked: code, reason: String(decoding: reasonBytes, as: UTF8.self))
    }

    /// The payload bytes: the big-endian code then the reason, or nothing.
    public var bytes: [UInt8] {
        guard let code else { return [] }
        return [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)] + Array(reason.utf8)
    }
}
