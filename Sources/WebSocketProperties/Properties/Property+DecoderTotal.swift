// The decoder is total: any byte stream gives frames or a typed error, never a trap or unbounded buffering.

extension Property {
    /// A decoder with a random role, frame limit, length policy and allowed reserved bits.
    static func randomDecoder(using g: inout Xorshift64Star) -> FrameDecoder {
        var limits = Limits()
        limits.maximumFrameSize = g.element(of: [1, 125, 1_024, 65_536, 16 << 20])
        limits.nonMinimalLengths = g.oneIn(4) ? .accept : .reject
        let allowed = Generate.reservedBits(within: [.rsv1, .rsv2, .rsv3], using: &g)
        return FrameDecoder(role: g.bool() ? .server : .client, limits: limits, allowedReservedBits: allowed)
    }

    /// Input for the decoder: random bytes, arbitrary frames, or a valid stream for `decoder` (mutated or not).
    static func decoderInput(for decoder: FrameDecoder, using g: inout Xorshift64Star) -> [UInt8] {
        let sender: Role = decoder.role == .server ? .client : .server
        switch g.below(5) {
        case 0:
            return Generate.bytes(maximumCount: 200, using: &g)
        case 1:
            return (0..<g.int(in: 1...4)).flatMap { _ in Generate.arbitraryFrameBytes(maximumPayload: 200, using: &g) }
        case 2:
            return Generate.messageStream(sentBy: sender, maximumMessage: 200, using: &g)
        default:
            let valid = (0..<g.int(in: 1...5)).flatMap { _ in
                Generate.validFrame(
                    sentBy: sender, reservedBits: decoder.allowedReservedBits, maximumPayload: 200, using: &g
                ).encoded
            }
            return g.oneIn(3) ? valid : Generate.mutated(valid, using: &g)
        }
    }

    /// `WS-PROP-DECODER-TOTAL`.
    public static let decoderArbitraryBytes = Property(
        name: "decoder-arbitrary-bytes",
        description: "on any bytes the decoder yields frames or a typed ProtocolViolation, never traps, hands out payload without copying and buffers at most a header",
        defaultIterations: 2000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let decoder = randomDecoder(using: &g)
        let input = decoderInput(for: decoder, using: &g)
        _ = try DecoderTrace.run(Generate.chunks(of: input, using: &g), decoder: decoder)
    }
}
