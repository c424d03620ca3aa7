/// What a receiver must make of a byte stream, written from the rules of RFC 6455 §5.2 and §5.5 as
/// `Spec/framing.md`, `Spec/control-frames.md` and `Spec/errors.md` state them, independently of `FrameDecoder`:
/// the oracle of the mutation property (`WS-PROP-VECTOR-FRAME-MUTATION`).
///
/// Frames are read one after the other. Each rule is checked as soon as the bytes it depends on have arrived,
/// and the first broken rule in wire order is the violation:
/// 1. first byte: reserved bits that no extension claims (`reserved-bits-not-negotiated`, naming those bits), then
///    a reserved opcode (`reserved-opcode`), then FIN clear on a control frame (`fragmented-control-frame`);
/// 2. second byte: the mask bit against the receiver's role (`unmasked-client-frame` / `masked-server-frame`),
///    then a 7-bit length above 125 on a control frame (`control-frame-too-long`);
/// 3. the complete header (extended length and masking key): a 64-bit length with its top bit set
///    (`length-msb-set`), a length not in its minimal form under `.reject` (`non-minimal-length`), then a length
///    above the frame limit (`frame-too-large`, naming length and limit).
/// A stream that ends inside a header or a payload (with no rule broken so far) is incomplete: no error, not at a
/// frame boundary.
public struct FrameOracle: Sendable, Hashable {
    /// The role that receives the stream.
    public var receiver: Role
    /// The reserved bits negotiated extensions claim.
    public var allowedReservedBits: ReservedBits
    /// The largest payload length accepted.
    public var maximumFrameSize: Int
    /// What to do with a length not in its minimal form.
    public var nonMinimalLengths: NonMinimalLengthPolicy

    /// An oracle for a receiver with the given settings.
    public init(
        receiver: Role, allowedReservedBits: ReservedBits = [], maximumFrameSize: Int = Limits().maximumFrameSize,
        nonMinimalLengths: NonMinimalLengthPolicy = .reject
    ) {
        self.receiver = receiver
        self.allowedReservedBits = allowedReservedBits
        self.maximumFrameSize = maximumFrameSize
        self.nonMinimalLengths = nonMinimalLengths
    }

    /// The decoder a receiver with these settings uses.
    public var decoder: FrameDecoder {
        var limits = Limits()
        limits.maximumFrameSize = maximumFrameSize
        limits.nonMinimalLengths = nonMinimalLengths
        return FrameDecoder(role: receiver, limits: limits, allowedReservedBits: allowedReservedBits)
    }

    /// What the oracle expects of a stream.
    public struct Prediction: Sendable, Hashable {
        /// The complete frames, payloads unmasked.
        public var frames: [Frame] = []
        /// Where each frame lies in the stream.
        public var spans: [Range<Int>] = []
        /// Whether each frame's length was in its minimal form (only then does it re-encode to its span).
        public var minimalLength: [Bool] = []
        /// The violation that stops the stream, if any.
        public var violation: ProtocolViolation?
        /// True when the stream ends between frames without a violation.
        public var endsAtFrameBoundary = true
    }

    /// The prediction for `wire`.
    public func predict(_ wire: [UInt8]) -> Prediction {
        var prediction = Prediction()
        var position = 0
        while position < wire.count {
            let rest = wire[position...]
            switch readFrame(rest) {
            case .violation(let violation):
                prediction.violation = violation
                prediction.endsAtFrameBoundary = false
                return prediction
            case .incomplete:
                prediction.endsAtFrameBoundary = false
                return prediction
            case .frame(let frame, let size, let minimal):
                prediction.frames.append(frame)
                prediction.spans.append(position..<(position + size))
                prediction.minimalLength.append(minimal)
                position += size
            }
        }
        return prediction
    }

    private enum Step {
        case frame(Frame, size: Int, minimal: Bool)
        case violation(ProtocolViolation)
        case incomplete
    }

    private func readFrame(_ bytes: ArraySlice<UInt8>) -> Step {
        let start = bytes.startIndex
        // First byte: FIN (bit 7), RSV1-3 (bits 6-4), opcode (bits 3-0).
        let b0 = bytes[start]
        let fin = b0 & 0x80 != 0
        let unclaimed = b0 & 0x70 & ~allowedReservedBits.rawValue
        if unclaimed != 0 { return .violation(.reservedBitsNotNegotiated(ReservedBits(rawValue: unclaimed))) }
        let opcodeValue = b0 & 0x0F
        let isControl = opcodeValue >= 8
        if !Self.isDefined(opcodeValue) { return .violation(.reservedOpcode(Opcode(lowBitsOf: opcodeValue))) }
        if isControl && !fin { return .violation(.fragmentedControlFrame) }
        // Second byte: MASK (bit 7), 7-bit length.
        guard bytes.count >= 2 else { return .incomplete }
        let b1 = bytes[start + 1]
        let masked = b1 & 0x80 != 0
        if receiver == .server && !masked { return .violation(.unmaskedClientFrame) }
        if receiver == .client && masked { return .violation(.maskedServerFrame) }
        let length7 = Int(b1 & 0x7F)
        if isControl && length7 > 125 { return .violation(.controlFrameTooLong(UInt64(length7))) }
        // The rest of the header: 0, 2 or 8 length bytes (big-endian), then the 4-byte key when masked.
        let lengthBytes = length7 == 126 ? 2 : (length7 == 127 ? 8 : 0)
        let headerSize = 2 + lengthBytes + (masked ? 4 : 0)
        guard bytes.count >= headerSize else { return .incomplete }
        var length = UInt64(length7)
        if lengthBytes > 0 {
            length = bytes[(start + 2)..<(start + 2 + lengthBytes)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        if lengthBytes == 8 && length >= 1 << 63 { return .violation(.lengthMostSignificantBitSet) }
        let minimal = lengthBytes == 0 || (lengthBytes == 2 ? length >= 126 : length >= 65_536)
        if !minimal && nonMinimalLengths == .reject { return .violation(.nonMinimalLength) }
        if length > UInt64(maximumFrameSize) { return .violation(.frameTooLarge(length: length, limit: maximumFrameSize)) }
        guard UInt64(bytes.count - headerSize) >= length else { return .incomplete }
        let keyStart = start + 2 + lengthBytes
        let key = masked
            ? MaskingKey(bytes[keyStart], bytes[keyStart + 1], bytes[keyStart + 2], bytes[keyStart + 3]) : nil
        let payloadStart = start + headerSize
        var payload = Array(bytes[payloadStart..<(payloadStart + Int(length))])
        if let key {
            // RFC 6455 §5.3: octet i is XORed with octet i mod 4 of the key.
            for i in payload.indices { payload[i] ^= key[i & 3] }
        }
        let frame = Frame(
            fin: fin, reservedBits: ReservedBits(rawValue: b0), opcode: Opcode(lowBitsOf: opcodeValue), maskingKey: key, payload: payload)
        return .frame(frame, size: headerSize + Int(length), minimal: minimal)
    }

    /// True for the opcodes RFC 6455 §5.2 defines: continuation, text, binary, close, ping, pong.
    static func isDefined(_ opcode: UInt8) -> Bool {
        opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA)
    }
}
