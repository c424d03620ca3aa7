/// The four-bit opcode of a WebSocket frame (RFC 6455 §5.2).
///
/// Every one of the 16 possible values maps to a case, so decoding an opcode never fails; the reserved
/// cases exist so that a peer's use of them can be reported precisely (a protocol error, close 1002).
public enum Opcode: UInt8, CaseIterable, Hashable, Sendable {
    /// 0x0: continues a fragmented data message.
    case continuation = 0x0
    /// 0x1: the first frame of a text message (UTF-8).
    case text = 0x1
    /// 0x2: the first frame of a binary message.
    case binary = 0x2
    /// 0x3: reserved for further non-control frames.
    case reservedNonControl3 = 0x3
    /// 0x4: reserved for further non-control frames.
    case reservedNonControl4 = 0x4
    /// 0x5: reserved for further non-control frames.
    case reservedNonControl5 = 0x5
    /// 0x6: reserved for further non-control frames.
    case reservedNonControl6 = 0x6
    /// 0x7: reserved for further non-control frames.
    case reservedNonControl7 = 0x7
    /// 0x8: connection close.
    case close = 0x8
    /// 0x9: ping.
    case ping = 0x9
    /// 0xA: pong.
    case pong = 0xA
    /// 0xB: reserved for further control frames.
    case reservedControlB = 0xB
    /// 0xC: reserved for further control frames.
    case reservedControlC = 0xC
    /// 0xD: reserved for further control frames.
    case reservedControlD = 0xD
    /// 0xE: reserved for further control frames.
    case reservedControlE = 0xE
    /// 0xF: reserved for further control frames.
    case reservedControlF = 0xF

    /// The opcode of the low four bits of `byte` (the high bits are ignored). Total: never fails.
    @inlinable
    public init(lowBitsOf byte: UInt8) {
        // The cases are declared in raw-value order 0x0...0xF, so a case's in-memory tag is its raw value (the
        // exhaustive raw-value roundtrip test checks this); the bit cast spares a switch on every frame header.
        self = unsafeBitCast(byte & 0x0F, to: Opcode.self)
    }

    /// True for control frames (close, ping, pong and the reserved 0xB–0xF): the most significant opcode bit.
    @inlinable
    public var isControl: Bool { rawValue & 0x8 != 0 }

    /// True for opcodes that RFC 6455 leaves reserved (0x3–0x7, 0xB–0xF).
    @inlinable
    public var isReserved: Bool {
        switch self {
        case .continuation, .text, .binary, .close, .ping, .pong: return false
        default: return true
        }
    }

    /// True for the opcodes that start a data message (text or binary).
    @inlinable
    public var isDataStart: Bool { self == .text || self == .binary }
}
