// Header sizes by length class, and header encode/decode round trips for lengths up to 2^63 − 1 (RFC 6455 §5.2).

extension Property {
    /// The header size RFC 6455 §5.2 gives a length: 2 bytes, plus 2 for 126–65535 or 8 above, plus 4 if masked.
    static func expectedHeaderSize(length: UInt64, masked: Bool) -> Int {
        2 + (length <= 125 ? 0 : (length <= 0xFFFF ? 2 : 8)) + (masked ? 4 : 0)
    }

    /// Feeds header bytes (cut by `chunking`) to `decoder` and returns what it produced: the header it started, and
    /// whether it then ended the frame (zero length) or waited for payload.
    static func decodeHeaderOnly(
        _ chunks: [[UInt8]], _ decoder: inout FrameDecoder
    ) -> Result<(header: FrameHeader?, ended: Bool, extra: Int), ProtocolViolation> {
        var header: FrameHeader?
        var ended = false
        var extra = 0
        for chunk in chunks {
            let result = chunk.withUnsafeBytes { raw -> ProtocolViolation? in
                var input = raw
                do throws(ProtocolViolation) {
                    while let output = try decoder.next(from: &input) {
                        switch output {
                        case .frameStart(let h) where header == nil: header = h
                        case .frameEnd where header != nil && !ended: ended = true
                        default: extra += 1
                        }
                    }
                    return nil
                } catch {
                    return error
                }
            }
            if let result { return .failure(result) }
        }
        return .success((header, ended, extra))
    }

    /// `RFC6455-5.2-LENGTH-CLASSES`, `WS-PROP-HEADER-ROUNDTRIP`.
    public static let headerLengthClasses = Property(
        name: "header-length-classes",
        description: "headers are 2, 4 or 10 bytes (+4 masked) by length class and round-trip for lengths up to 2^63-1; bad length forms are refused",
        defaultIterations: 2000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let masked = g.bool()
        let receiver: Role = masked ? .server : .client
        var limits = Limits()
        limits.maximumFrameSize = Int.max
        if g.oneIn(4) {
            // A hand-made bad length form: MSB set, or non-minimal (refused by default, accepted on request).
            let (bytes, length) = Generate.malformedLengthHeader(masked: masked, using: &g)
            let accept = g.bool()
            limits.nonMinimalLengths = accept ? .accept : .reject
            var decoder = FrameDecoder(role: receiver, limits: limits)
            let outcome = decodeHeaderOnly(Generate.chunks(of: bytes, using: &g), &decoder)
            if length >> 63 != 0 {
                guard case .failure(.lengthMostSignificantBitSet) = outcome else {
                    throw CounterExample("length \(length) with the MSB set gave \(outcome)")
                }
            } else if accept {
                guard case .success(let got) = outcome, got.header?.payloadLength == length else {
                    throw CounterExample("non-minimal length \(length) under .accept gave \(outcome)")
                }
            } else {
                guard case .failure(.nonMinimalLength) = outcome else {
                    throw CounterExample("non-minimal length \(length) under .reject gave \(outcome)")
                }
            }
            return
        }
        let length = Generate.headerLength(using: &g)
        let opcode = g.element(of: [Opcode.continuation, .text, .binary])
        let header = FrameHeader(
            fin: g.bool(), reservedBits: ReservedBits(rawValue: g.byte()), opcode: opcode,
            maskingKey: masked ? Generate.maskingKey(using: &g) : nil, payloadLength: length)
        let bytes = header.bytes
        let expected = expectedHeaderSize(length: length, masked: masked)
        try requireEqual(bytes.count, expected, "encoded size of a header for length \(length), masked \(masked)")
        try requireEqual(header.encodedSize, expected, "encodedSize for length \(length), masked \(masked)")
        let marker = bytes[1] & 0x7F
        try requireEqual(marker, length <= 125 ? UInt8(length) : (length <= 0xFFFF ? 126 : 127), "7-bit length field")
        var decoder = FrameDecoder(role: receiver, limits: limits, allowedReservedBits: [.rsv1, .rsv2, .rsv3])
        let chunking = Generate.chunking(using: &g)
        switch decodeHeaderOnly(Generate.chunks(of: bytes, chunking, using: &g), &decoder) {
        case .failure(let error):
            throw CounterExample("header for length \(length) (\(chunking)) rejected: \(error)")
        case .success(let got):
            try requireEqual(got.header, header, "decoded header (\(chunking))")
            try requireEqual(got.ended, length == 0, "frame ended right after its header")
            try requireEqual(got.extra, 0, "outputs beyond the header")
        }
    }
}
