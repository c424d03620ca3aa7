/// A violation of RFC 6455 (or of a negotiated extension, or of a configured limit) by the peer.
///
/// Every case has a stable `name` and maps to exactly one close code through `closeCode`; `Spec/errors.md` holds
/// the same table, and a test keeps the two in step. Once a connection has met a violation it is failed: it sends
/// the close frame for that code and processes no further input (RFC 6455 §7.1.7).
public enum ProtocolViolation: Error, Hashable, Sendable, CustomStringConvertible {
    /// A server received a frame without the MASK bit (RFC 6455 §5.1).
    case unmaskedClientFrame
    /// A client received a frame with the MASK bit (RFC 6455 §5.1).
    case maskedServerFrame
    /// A frame had reserved bits set that no negotiated extension claims (RFC 6455 §5.2).
    case reservedBitsNotNegotiated(ReservedBits)
    /// A frame used a reserved opcode (0x3–0x7, 0xB–0xF) (RFC 6455 §5.2).
    case reservedOpcode(Opcode)
    /// A control frame declared a payload above 125 bytes (RFC 6455 §5.5).
    case controlFrameTooLong(UInt64)
    /// A control frame had FIN clear (RFC 6455 §5.5).
    case fragmentedControlFrame
    /// A 64-bit payload length had its most significant bit set (RFC 6455 §5.2).
    case lengthMostSignificantBitSet
    /// A payload length was not encoded in its minimal form (RFC 6455 §5.2); see `DecoderLimits.nonMinimalLengths`.
    case nonMinimalLength
    /// A frame declared a payload longer than the configured frame limit.
    case frameTooLarge(length: UInt64, limit: Int)
    /// A continuation frame arrived with no fragmented message to continue (RFC 6455 §5.4).
    case unexpectedContinuation
    /// A text or binary frame arrived while a fragmented message was still open (RFC 6455 §5.4).
    case expectedContinuation
    /// A message grew past the configured message limit (counted after any extension's decoding).
    case messageTooLarge(limit: Int)
    /// A message arrived in more fragments than the configured limit.
    case tooManyFragments(limit: Int)
    /// A text message (or a fragment of one) was not valid UTF-8 (RFC 6455 §8.1).
    case invalidUTF8
    /// A close frame had a 1-byte payload (RFC 6455 §5.5.1).
    case closePayloadTooShort
    /// A close frame carried a code that may not appear on the wire (RFC 6455 §7.4).
    case invalidCloseCode(UInt16)
    /// A close frame's reason was not valid UTF-8 (RFC 6455 §5.5.1).
    case invalidCloseReason
    /// A negotiated extension could not decode a message (for permessage-deflate: corrupt compressed data).
    case extensionDataInvalid(extensionName: String, reason: String)

    /// The close code sent to the peer for this violation.
    public var closeCode: CloseCode {
        switch self {
        case .unmaskedClientFrame, .maskedServerFrame, .reservedBitsNotNegotiated, .reservedOpcode,
            .controlFrameTooLong, .fragmentedControlFrame, .lengthMostSignificantBitSet, .nonMinimalLength,
            .unexpectedContinuation, .expectedContinuation, .closePayloadTooShort, .invalidCloseCode:
            return .protocolError
        case .frameTooLarge, .messageTooLarge, .tooManyFragments:
            return .messageTooBig
        case .invalidUTF8, .invalidCloseReason, .extensionDataInvalid:
            return .invalidPayloadData
        }
    }

    /// A stable, kebab-case name for logs, metrics and the table in `Spec/errors.md`.
    public var name: String {
        switch self {
        case .unmaskedClientFrame: return "unmasked-client-frame"
        case .maskedServerFrame: return "masked-server-frame"
        case .reservedBitsNotNegotiated: return "reserved-bits-not-negotiated"
        case .reservedOpcode: return "reserved-opcode"
        case .controlFrameTooLong: return "control-frame-too-long"
        case .fragmentedControlFrame: return "fragmented-control-frame"
        case .lengthMostSignificantBitSet: return "length-msb-set"
        case .nonMinimalLength: return "non-minimal-length"
        case .frameTooLarge: return "frame-too-large"
        case .unexpectedContinuation: return "unexpected-continuation"
        case .expectedContinuation: return "expected-continuation"
        case .messageTooLarge: return "message-too-large"
        case .tooManyFragments: return "too-many-fragments"
        case .invalidUTF8: return "invalid-utf8"
        case .closePayloadTooShort: return "close-payload-too-short"
        case .invalidCloseCode: return "invalid-close-code"
        case .invalidCloseReason: return "invalid-close-reason"
        case .extensionDataInvalid: return "extension-data-invalid"
        }
    }

    /// One example of every case, for tests and documentation (in declaration order).
    public static var allExamples: [ProtocolViolation] { Kind.allCases.map(\.example) }

    /// The cases without their associated values. `Kind` is `CaseIterable`, and `kind` and `Kind.example` are
    /// switches without `default`, so a new case does not compile until it has a kind and an example, and then
    /// `allExamples` (and the test of `Spec/errors.md`'s table) includes it.
    enum Kind: CaseIterable {
        case unmaskedClientFrame, maskedServerFrame, reservedBitsNotNegotiated, reservedOpcode, controlFrameTooLong
        case fragmentedControlFrame, lengthMostSignificantBitSet, nonMinimalLength, frameTooLarge
        case unexpectedContinuation, expectedContinuation, messageTooLarge, tooManyFragments, invalidUTF8
        case closePayloadTooShort, invalidCloseCode, invalidCloseReason, extensionDataInvalid

        /// A violation of this kind.
        var example: ProtocolViolation {
            switch self {
            case .unmaskedClientFrame: return .unmaskedClientFrame
            case .maskedServerFrame: return .maskedServerFrame
            case .reservedBitsNotNegotiated: return .reservedBitsNotNegotiated(.rsv1)
            case .reservedOpcode: return .reservedOpcode(.reservedNonControl3)
            case .controlFrameTooLong: return .controlFrameTooLong(126)
            case .fragmentedControlFrame: return .fragmentedControlFrame
            case .lengthMostSignificantBitSet: return .lengthMostSignificantBitSet
            case .nonMinimalLength: return .nonMinimalLength
            case .frameTooLarge: return .frameTooLarge(length: 1 << 30, limit: 1 << 24)
            case .unexpectedContinuation: return .unexpectedContinuation
            case .expectedContinuation: return .expectedContinuation
            case .messageTooLarge: return .messageTooLarge(limit: 1 << 24)
            case .tooManyFragments: return .tooManyFragments(limit: 1 << 16)
            case .invalidUTF8: return .invalidUTF8
            case .closePayloadTooShort: return .closePayloadTooShort
            case .invalidCloseCode: return .invalidCloseCode(1005)
            case .invalidCloseReason: return .invalidCloseReason
            case .extensionDataInvalid: return .extensionDataInvalid(extensionName: "permessage-deflate", reason: "bad block type")
            }
        }
    }

    /// This violation's case, without its associated values.
    var kind: Kind {
        switch self {
        case .unmaskedClientFrame: return .unmaskedClientFrame
        case .maskedServerFrame: return .maskedServerFrame
        case .reservedBitsNotNegotiated: return .reservedBitsNotNegotiated
        case .reservedOpcode: return .reservedOpcode
        case .controlFrameTooLong: return .controlFrameTooLong
        case .fragmentedControlFrame: return .fragmentedControlFrame
        case .lengthMostSignificantBitSet: return .lengthMostSignificantBitSet
        case .nonMinimalLength: return .nonMinimalLength
        case .frameTooLarge: return .frameTooLarge
        case .unexpectedContinuation: return .unexpectedContinuation
        case .expectedContinuation: return .expectedContinuation
        case .messageTooLarge: return .messageTooLarge
        case .tooManyFragments: return .tooManyFragments
        case .invalidUTF8: return .invalidUTF8
        case .closePayloadTooShort: return .closePayloadTooShort
        case .invalidCloseCode: return .invalidCloseCode
        case .invalidCloseReason: return .invalidCloseReason
        case .extensionDataInvalid: return .extensionDataInvalid
        }
    }

    /// A short human-readable description, suitable as a close reason (at most 123 bytes).
    public var description: String {
        switch self {
        case .unmaskedClientFrame: return "client frame not masked"
        case .maskedServerFrame: return "server frame masked"
        case .reservedBitsNotNegotiated(let bits): return "reserved bits 0x\(String(bits.rawValue, radix: 16)) not negotiated"
        case .reservedOpcode(let op): return "reserved opcode 0x\(String(op.rawValue, radix: 16))"
        case .controlFrameTooLong(let n): return "control frame payload \(n) > 125"
        case .fragmentedControlFrame: return "fragmented control frame"
        case .lengthMostSignificantBitSet: return "64-bit length with most significant bit set"
        case .nonMinimalLength: return "payload length not minimally encoded"
        case .frameTooLarge(let length, let limit): return "frame of \(length) bytes over limit \(limit)"
        case .unexpectedContinuation: return "continuation frame without a message to continue"
        case .expectedContinuation: return "new data frame inside a fragmented message"
        case .messageTooLarge(let limit): return "message over limit \(limit) bytes"
        case .tooManyFragments(let limit): return "message over limit \(limit) fragments"
        case .invalidUTF8: return "invalid UTF-8 in text message"
        case .closePayloadTooShort: return "close payload of 1 byte"
        case .invalidCloseCode(let code): return "close code \(code) not allowed"
        case .invalidCloseReason: return "close reason not valid UTF-8"
        case .extensionDataInvalid(let name, let reason): return String("\(name): \(reason)".utf8.prefix(123)) ?? name
        }
    }
}
