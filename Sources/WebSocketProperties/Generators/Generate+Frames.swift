// Frames: valid ones for either sender role, and arbitrary headers (reserved opcodes, any bits) for the decoder.

extension Generate {
    /// The opcodes RFC 6455 defines (the valid ones).
    public static let definedOpcodes: [Opcode] = Opcode.allCases.filter { !$0.isReserved }

    /// A random masking key.
    public static func maskingKey(using g: inout Xorshift64Star) -> MaskingKey {
        MaskingKey.random(using: &g)
    }

    /// A random subset of `bits`.
    public static func reservedBits(within bits: ReservedBits, using g: inout Xorshift64Star) -> ReservedBits {
        ReservedBits(rawValue: g.byte()).intersection(bits)
    }

    /// A frame that a decoder for the peer of `role` accepts: a defined opcode; a control frame has FIN set, no
    /// reserved bits and at most 125 payload bytes; a data frame has any FIN and a random subset of
    /// `reservedBits`; masked with a random key exactly when `role` is the client. Payloads are at most
    /// `maximumPayload` bytes, with boundary lengths favoured.
    public static func validFrame(
        sentBy role: Role, reservedBits allowed: ReservedBits = [], maximumPayload: Int = 70_000,
        using g: inout Xorshift64Star
    ) -> Frame {
        let opcode = g.element(of: definedOpcodes)
        let key = role == .client ? maskingKey(using: &g) : nil
        if opcode.isControl {
            let length = payloadLength(maximum: min(125, maximumPayload), using: &g)
            return Frame(fin: true, opcode: opcode, maskingKey: key, payload: g.bytes(count: length))
        }
        let length = payloadLength(maximum: maximumPayload, using: &g)
        return Frame(
            fin: g.bool(), reservedBits: reservedBits(within: allowed, using: &g), opcode: opcode, maskingKey: key,
            payload: g.bytes(count: length))
    }

    /// A header with every field random: any of the 16 opcodes (reserved ones included), any FIN, any reserved
    /// bits, masked or not, and a length from `headerLength` or (half the time) at most `maximumPayload`.
    /// Many such headers break some rule; they feed the decoder's error paths.
    public static func arbitraryHeader(maximumPayload: Int, using g: inout Xorshift64Star) -> FrameHeader {
        let length = g.bool() ? headerLength(using: &g) : UInt64(payloadLength(maximum: maximumPayload, using: &g))
        return FrameHeader(
            fin: g.bool(), reservedBits: ReservedBits(rawValue: g.byte()), opcode: g.element(of: Opcode.allCases),
            maskingKey: g.bool() ? maskingKey(using: &g) : nil, payloadLength: length)
    }

    /// Wire bytes of a frame with an arbitrary header (see `arbitraryHeader`) and a payload of its length, or of
    /// at most `maximumPayload` bytes when the declared length is larger (the stream is then cut short).
    public static func arbitraryFrameBytes(maximumPayload: Int, using g: inout Xorshift64Star) -> [UInt8] {
        let header = arbitraryHeader(maximumPayload: maximumPayload, using: &g)
        let count = Int(min(header.payloadLength, UInt64(maximumPayload)))
        return header.bytes + g.bytes(count: count)
    }

    /// Hand-made headers that only a broken peer sends: a 64-bit length with its top bit set, or a length in a
    /// longer form than needed (16-bit form for 0–125, 64-bit form for 0–65535). FIN is set and the opcode is
    /// binary, so nothing else is wrong; masked with a random key when `masked`.
    public static func malformedLengthHeader(masked: Bool, using g: inout Xorshift64Star) -> (bytes: [UInt8], length: UInt64) {
        let maskBit: UInt8 = masked ? 0x80 : 0
        var bytes: [UInt8] = [0x82]
        let length: UInt64
        switch g.below(3) {
        case 0:
            length = g.uint64(in: 0x8000_0000_0000_0000...UInt64.max)
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
        case 1:
            length = g.uint64(in: 0...125)
            bytes += [maskBit | 126, 0, UInt8(length)]
        default:
            length = g.uint64(in: 0...65_535)
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
        }
        if masked { bytes += maskingKey(using: &g).bytes }
        return (bytes, length)
    }
}
