/// An incremental, zero-copy frame decoder (RFC 6455 §5.2).
///
/// Feed it input with `next(from:)`; it consumes bytes from the front of the input and returns, for every frame,
/// `.frameStart(header)`, then zero or more `.payload` slices (still masked, pointing into the caller's input), then
/// `.frameEnd`. It never copies or buffers payload bytes: the caller copies each slice once, to where it belongs
/// (unmasking on the way). Only a header split across inputs is buffered (at most 14 bytes).
///
/// Every header check runs as soon as the bytes it depends on are known, in wire order, so the outputs and the
/// error are the same for every chunking of the input. After an error the decoder is failed and rethrows the same
/// error on every later call (RFC 6455 §7.1.7).
public struct FrameDecoder: Sendable {
    /// One step of decoding.
    public enum Output {
        /// A new frame whose header passed every check.
        case frameStart(FrameHeader)
        /// The next slice of the current frame's payload, as on the wire (masked if the frame is). `payloadOffset` is
        /// the number of this frame's payload bytes before the slice (the masking key phase is `payloadOffset % 4`).
        /// The slice points into the input given to `next(from:)` and is valid as long as that input is.
        case payload(UnsafeRawBufferPointer, payloadOffset: UInt64)
        /// The current frame's payload is complete.
        case frameEnd
    }

    /// Whose frames are decoded: a server decodes client frames (which must be masked) and vice versa.
    public let role: Role
    /// The largest payload length accepted.
    public var maximumFrameSize: Int
    /// The reserved bits that negotiated extensions claim; any other reserved bit is a protocol error.
    public var allowedReservedBits: ReservedBits
    /// What to do with non-minimal length encodings.
    public var nonMinimalLengths: NonMinimalLengthPolicy

    private var headerBytes: [UInt8] = []
    private var inPayload = false
    private var remaining: UInt64 = 0
    private var payloadOffset: UInt64 = 0
    /// The error that failed the decoder, if any.
    public private(set) var failure: ProtocolViolation?

    /// A decoder for the frames the peer of `role` sends.
    public init(role: Role, limits: Limits = Limits(), allowedReservedBits: ReservedBits = []) {
        self.role = role
        self.maximumFrameSize = limits.maximumFrameSize
        self.allowedReservedBits = allowedReservedBits
        self.nonMinimalLengths = limits.nonMinimalLengths
    }

    /// True between frames (no partial header or payload pending, and not failed): where a stream may cleanly end.
    public var isAtFrameBoundary: Bool { failure == nil && !inPayload && headerBytes.isEmpty }

    /// The payload bytes of the current frame not yet handed out (0 between frames).
    public var remainingPayload: UInt64 { inPayload ? remaining : 0 }

    /// The number of the current frame's payload bytes handed out or skipped so far (0 between frames).
    public var currentPayloadOffset: UInt64 { inPayload ? payloadOffset : 0 }

    /// Accounts for `count` payload bytes of the current frame that the caller received by other means (read
    /// straight from the socket into its own storage) instead of through `next(from:)`. The frame's end is then
    /// reported by the next call to `next(from:)`, even with empty input.
    /// - Precondition: `count` is at most `remainingPayload`.
    public mutating func skipPayload(_ count: Int) {
        precondition(count >= 0 && UInt64(count) <= remainingPayload, "skipPayload beyond the current frame")
        remaining &-= UInt64(count)
        payloadOffset &+= UInt64(count)
    }

    /// When the rest of the current frame's payload is all in `input`: takes it (advancing `input`) and ends the
    /// frame, as `next` would in a `.payload` and a `.frameEnd` step; otherwise nil and nothing changes.
    public mutating func takeWholePayload(from input: inout UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard inPayload, UInt64(input.count) >= remaining else { return nil }
        let n = Int(remaining)
        let slice = UnsafeRawBufferPointer(rebasing: input[0..<n])
        input = UnsafeRawBufferPointer(rebasing: input[n...])
        payloadOffset &+= remaining
        remaining = 0
        inPayload = false
        return slice
    }

    /// Decodes the next step from the front of `input`, advancing it past the bytes consumed. Returns nil when
    /// `input` is exhausted and nothing more can be produced until more bytes arrive.
    public mutating func next(from input: inout UnsafeRawBufferPointer) throws(ProtocolViolation) -> Output? {
        if inPayload {
            return nextPayload(from: &input)
        }
        return try nextHeader(from: &input)
    }

    private mutating func nextPayload(from input: inout UnsafeRawBufferPointer) -> Output? {
        if remaining == 0 {
            inPayload = false
            return .frameEnd
        }
        if input.isEmpty { return nil }
        let n = Int(min(remaining, UInt64(input.count)))
        let slice = UnsafeRawBufferPointer(rebasing: input[0..<n])
        input = UnsafeRawBufferPointer(rebasing: input[n...])
        let offset = payloadOffset
        remaining &-= UInt64(n)
        payloadOffset &+= UInt64(n)
        return .payload(slice, payloadOffset: offset)
    }

    private mutating func nextHeader(from input: inout UnsafeRawBufferPointer) throws(ProtocolViolation) -> Output? {
        if let failure { throw failure }
        if input.isEmpty { return nil }
        do throws(ProtocolViolation) {
            let rules = rules
            if headerBytes.isEmpty, input.count >= 2 {
                // Fast path: parse straight from the input when the whole header is there.
                let b0 = input[0], b1 = input[1]
                try rules.checkFirstByte(b0)
                try rules.checkSecondByte(b0, b1)
                let size = Self.headerSize(secondByte: b1)
                if input.count >= size {
                    let header = try rules.finishHeader(UnsafeRawBufferPointer(rebasing: input[0..<size]))
                    input = UnsafeRawBufferPointer(rebasing: input[size...])
                    return begin(header)
                }
            }
            // Slow path: collect the header byte by byte, checking each byte once it is known.
            while !input.isEmpty {
                let byte = input[0]
                input = UnsafeRawBufferPointer(rebasing: input[1...])
                headerBytes.append(byte)
                if headerBytes.count == 1 {
                    try rules.checkFirstByte(byte)
                    continue
                }
                if headerBytes.count == 2 { try rules.checkSecondByte(headerBytes[0], byte) }
                if headerBytes.count == Self.headerSize(secondByte: headerBytes[1]) {
                    let parsed = headerBytes.withUnsafeBytes { raw in Result { () throws(ProtocolViolation) in try rules.finishHeader(raw) } }
                    let header = try parsed.get()
                    headerBytes.removeAll(keepingCapacity: true)
                    return begin(header)
                }
            }
            return nil
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func begin(_ header: FrameHeader) -> Output {
        inPayload = true
        remaining = header.payloadLength
        payloadOffset = 0
        return .frameStart(header)
    }

    /// The header size implied by the second byte (mask bit and 7-bit length).
    static func headerSize(secondByte b1: UInt8) -> Int {
        let len7 = b1 & 0x7F
        let extended = len7 == 126 ? 2 : (len7 == 127 ? 8 : 0)
        return 2 + extended + (b1 & 0x80 != 0 ? 4 : 0)
    }

    /// The header checks' inputs, copied out of the decoder so that checking a header never copies the decoder.
    private var rules: HeaderRules {
        HeaderRules(
            role: role, maximumFrameSize: maximumFrameSize, allowedReservedBits: allowedReservedBits,
            nonMinimalLengths: nonMinimalLengths)
    }
}

/// The checks a frame header must pass (RFC 6455 §5.2, §5.5), for one role and set of limits.
private struct HeaderRules {
    let role: Role
    let maximumFrameSize: Int
    let allowedReservedBits: ReservedBits
    let nonMinimalLengths: NonMinimalLengthPolicy

    @inline(__always)
    func checkFirstByte(_ b0: UInt8) throws(ProtocolViolation) {
        let rsv = ReservedBits(rawValue: b0)
        if !allowedReservedBits.isSuperset(of: rsv) {
            throw .reservedBitsNotNegotiated(rsv.subtracting(allowedReservedBits))
        }
        let opcode = Opcode(lowBitsOf: b0)
        if opcode.isReserved { throw .reservedOpcode(opcode) }
        if opcode.isControl && b0 & 0x80 == 0 { throw .fragmentedControlFrame }
    }

    @inline(__always)
    func checkSecondByte(_ b0: UInt8, _ b1: UInt8) throws(ProtocolViolation) {
        let masked = b1 & 0x80 != 0
        switch role {
        case .server where !masked: throw .unmaskedClientFrame
        case .client where masked: throw .maskedServerFrame
        default: break
        }
        let len7 = b1 & 0x7F
        if Opcode(lowBitsOf: b0).isControl && len7 > 125 { throw .controlFrameTooLong(UInt64(len7)) }
    }

    /// Reads the extended length and masking key and checks the length; `raw` holds the whole header.
    @inline(__always)
    func finishHeader(_ raw: UnsafeRawBufferPointer) throws(ProtocolViolation) -> FrameHeader {
        let b0 = raw[0], b1 = raw[1]
        let len7 = b1 & 0x7F
        var length = UInt64(len7)
        var index = 2
        if len7 == 126 {
            length = UInt64(raw[2]) << 8 | UInt64(raw[3])
            index = 4
            if length <= 125 && nonMinimalLengths == .reject { throw .nonMinimalLength }
        } else if len7 == 127 {
            length = 0
            for i in 2..<10 { length = length << 8 | UInt64(raw[i]) }
            index = 10
            if length >> 63 != 0 { throw .lengthMostSignificantBitSet }
            if length <= 0xFFFF && nonMinimalLengths == .reject { throw .nonMinimalLength }
        }
        if length > UInt64(maximumFrameSize) { throw .frameTooLarge(length: length, limit: maximumFrameSize) }
        var key: MaskingKey?
        if b1 & 0x80 != 0 {
            key = MaskingKey(raw[index], raw[index + 1], raw[index + 2], raw[index + 3])
        }
        return FrameHeader(
            fin: b0 & 0x80 != 0, reservedBits: ReservedBits(rawValue: b0), opcode: Opcode(lowBitsOf: b0),
            maskingKey: key, payloadLength: length)
    }
}
