/// The header of one WebSocket frame (RFC 6455 §5.2): FIN, RSV1–3, opcode, the mask bit with its key, and the
/// payload length.
///
/// Encoding always uses the minimal length form: 7 bits for 0–125, 16 bits for 126–65535, 64 bits above.
public struct FrameHeader: Hashable, Sendable {
    /// The largest header: 2 fixed bytes, 8 length bytes and a 4-byte masking key.
    public static let maximumSize = 14

    /// True on the last frame of a message (always true on control frames).
    public var fin: Bool
    /// The reserved bits set on this frame.
    public var reservedBits: ReservedBits
    /// The frame's opcode.
    public var opcode: Opcode
    /// The masking key when the MASK bit is set, else nil.
    public var maskingKey: MaskingKey?
    /// The payload length in bytes. RFC 6455 limits it to 2^63 − 1.
    public var payloadLength: UInt64

    /// A header with the given fields.
    @inlinable
    public init(
        fin: Bool = true, reservedBits: ReservedBits = [], opcode: Opcode,
        maskingKey: MaskingKey? = nil, payloadLength: UInt64
    ) {
        self.fin = fin
        self.reservedBits = reservedBits
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payloadLength = payloadLength
    }

    /// True when the MASK bit is set.
    @inlinable
    public var isMasked: Bool { maskingKey != nil }

    /// The encoded size of this header: 2, 4 or 10 bytes by length class, plus 4 when masked.
    @inlinable
    public var encodedSize: Int {
        let lengthBytes = payloadLength <= 125 ? 0 : (payloadLength <= 0xFFFF ? 2 : 8)
        return 2 + lengthBytes + (maskingKey == nil ? 0 : 4)
    }

    /// Writes the header at the start of `buffer` (which holds at least `encodedSize` bytes) and returns the
    /// number of bytes written.
    @inlinable
    @discardableResult
    public func encode(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        precondition(buffer.count >= encodedSize, "header buffer too small")
        precondition(payloadLength <= UInt64(Int64.max), "payload length above 2^63 - 1")
        var first = opcode.rawValue | reservedBits.rawValue
        if fin { first |= 0x80 }
        buffer[0] = first
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        var index = 2
        if payloadLength <= 125 {
            buffer[1] = maskBit | UInt8(payloadLength)
        } else if payloadLength <= 0xFFFF {
            buffer[1] = maskBit | 126
            buffer[2] = UInt8(payloadLength >> 8)
            buffer[3] = UInt8(truncatingIfNeeded: payloadLength)
            index = 4
        } else {
            buffer[1] = maskBit | 127
            var shift: UInt64 = 56
            for i in 2..<10 {
                buffer[i] = UInt8(truncatingIfNeeded: payloadLength >> shift)
                shift &-= 8
            }
            index = 10
        }
        if let key = maskingKey {
            buffer[index] = key.b0
            buffer[index + 1] = key.b1
            buffer[index + 2] = key.b2
            buffer[index + 3] = key.b3
            index += 4
        }
        return index
    }

    /// The encoded header bytes.
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: encodedSize) { buffer, count in
            count = encode(into: UnsafeMutableRawBufferPointer(buffer))
        }
    }
}
