// A single-bit mutation of the RFC 6455 §5.7 example frames, for `vector-frames-bit-flip`.

/// One bit flipped in a run of frame vectors, with the receiver settings it is decoded under.
public struct FrameMutation: Sendable, Hashable, CustomStringConvertible {
    /// The names of the vectors, in order.
    public var vectorNames: [String]
    /// The mutated stream.
    public var wire: [UInt8]
    /// The index of the byte holding the flipped bit.
    public var byteIndex: Int
    /// The flipped bit within its byte (0 = least significant).
    public var bit: Int
    /// The header field (or payload byte) the bit belongs to, in the unmutated stream.
    public var field: String
    /// The receiver's settings.
    public var oracle: FrameOracle

    /// A random single-bit mutation of one or two vectors of the same sender, decoded by the sender's peer with
    /// random allowed reserved bits, frame limit and length policy. Three times in four the bit is in a header
    /// field (FIN, RSV, opcode, MASK, 7-bit length, extended length or masking key, chosen evenly, so that rare
    /// fields such as the top bit of a 64-bit length are hit often); otherwise any bit of the stream.
    public static func random(_ all: [FrameVector], using g: inout Xorshift64Star) -> FrameMutation {
        let run = Property.frameVectorRun(all, extra: 1, using: &g)
        var wire = run.flatMap(\.wire)
        let frames = run.flatMap(\.frames)
        let (byteIndex, bit) = g.below(4) == 0 || frames.isEmpty
            ? (g.int(in: 0..<wire.count), Int(g.below(8))) : headerBit(of: frames, in: wire, using: &g)
        let field = Self.field(at: byteIndex, bit: bit, in: frames)
        wire[byteIndex] ^= 1 << UInt8(bit)
        let oracle = FrameOracle(
            receiver: run[0].receiver,
            allowedReservedBits: g.oneIn(3) ? Generate.reservedBits(within: [.rsv1, .rsv2, .rsv3], using: &g) : [],
            maximumFrameSize: g.oneIn(4) ? g.element(of: [125, 255, 256, 65_535, 65_536]) : Limits().maximumFrameSize,
            nonMinimalLengths: g.oneIn(4) ? .accept : .reject)
        return FrameMutation(
            vectorNames: run.map(\.name), wire: wire, byteIndex: byteIndex, bit: bit, field: field, oracle: oracle)
    }

    /// A bit of a header field of one of `frames` (encoded back to back as `wire`): byte index and bit.
    static func headerBit(of frames: [Frame], in wire: [UInt8], using g: inout Xorshift64Star) -> (Int, Int) {
        let index = g.int(in: 0..<frames.count)
        let start = frames[..<index].reduce(0) { $0 + $1.header.encodedSize + $1.payload.count }
        let header = frames[index].header
        let lengthBytes = header.encodedSize - 2 - (header.isMasked ? 4 : 0)
        switch g.below(7) {
        case 0: return (start, 7)  // FIN
        case 1: return (start, g.int(in: 4...6))  // RSV1-3
        case 2: return (start, g.int(in: 0...3))  // opcode
        case 3: return (start + 1, 7)  // MASK
        case 4: return (start + 1, g.int(in: 0...6))  // 7-bit length
        case 5 where lengthBytes == 0: return (start + 1, g.int(in: 0...6))
        case 5:
            // Extended length: its top bit, one of its set bits (a shorter length), or any bit.
            let set = (0..<(lengthBytes * 8)).filter { wire[start + 2 + $0 / 8] & (0x80 >> UInt8($0 % 8)) != 0 }
            let choice = g.below(3) == 0 ? 0 : (g.bool() && !set.isEmpty ? g.element(of: set) : g.int(in: 0..<(lengthBytes * 8)))
            return (start + 2 + choice / 8, 7 - choice % 8)
        default:
            if header.isMasked { return (start + header.encodedSize - 4 + g.int(in: 0...3), Int(g.below(8))) }
            return (start + 1, g.int(in: 0...6))
        }
    }

    /// Names the field of `frames` (as encoded back to back) that holds bit `bit` of byte `byteIndex`.
    static func field(at byteIndex: Int, bit: Int, in frames: [Frame]) -> String {
        var start = 0
        for (number, frame) in frames.enumerated() {
            let header = frame.header.encodedSize
            let offset = byteIndex - start
            if offset < header {
                let name: String
                switch (offset, bit) {
                case (0, 7): name = "FIN"
                case (0, 6): name = "RSV1"
                case (0, 5): name = "RSV2"
                case (0, 4): name = "RSV3"
                case (0, _): name = "opcode bit \(bit)"
                case (1, 7): name = "MASK"
                case (1, _): name = "7-bit length bit \(bit)"
                case (_, _) where offset < header - (frame.header.isMasked ? 4 : 0): name = "extended length byte \(offset - 2)"
                default: name = "masking key byte \(offset - header + 4)"
                }
                return "\(name) of frame \(number)"
            }
            if offset < header + frame.payload.count { return "payload byte \(offset - header) of frame \(number)" }
            start += header + frame.payload.count
        }
        return "byte \(byteIndex) past the frames"
    }

    /// The mutation in one line.
    public var description: String {
        "bit \(bit) of byte \(byteIndex) (\(field)) of \(vectorNames.joined(separator: " + ")), received by the "
            + "\(oracle.receiver) (RSV allowed 0x\(String(oracle.allowedReservedBits.rawValue, radix: 16)), "
            + "limit \(oracle.maximumFrameSize), non-minimal \(oracle.nonMinimalLengths))"
    }
}
