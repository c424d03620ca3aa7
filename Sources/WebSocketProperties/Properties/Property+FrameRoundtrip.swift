// decode(encode(frames)) == frames for every valid frame, both roles (RFC 6455 §5.2).

extension Property {
    /// `WS-PROP-FRAME-ROUNDTRIP`.
    public static let frameRoundtrip = Property(
        name: "frame-roundtrip",
        description: "decoding the encoding of valid frames (either role, any length class, allowed RSV) gives them back",
        defaultIterations: 500
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let sender: Role = g.bool() ? .client : .server
        let receiver: Role = sender == .client ? .server : .client
        let allowed = Generate.reservedBits(within: [.rsv1, .rsv2, .rsv3], using: &g)
        let maximumPayload = g.oneIn(8) ? 70_000 : 300
        let frames = (0..<g.int(in: 1...4)).map { _ in
            Generate.validFrame(sentBy: sender, reservedBits: allowed, maximumPayload: maximumPayload, using: &g)
        }
        var wire: [UInt8] = []
        for frame in frames {
            let encoded = frame.encoded
            try requireEqual(encoded.count, frame.header.encodedSize + frame.payload.count, "encoded frame size")
            wire += encoded
        }
        var decoder = FrameDecoder(role: receiver, allowedReservedBits: allowed)
        var partial: Frame?
        let decoded: [Frame]
        do {
            decoded = try wire.withUnsafeBytes { raw throws(ProtocolViolation) in
                try Frame.decodeAll(raw, with: &decoder, partial: &partial)
            }
        } catch {
            throw CounterExample("valid frames sent by the \(sender) rejected: \(error) (\(frames.count) frames)")
        }
        try require(decoded == frames, "decoded \(decoded.map(\.header)) differ from encoded \(frames.map(\.header))")
        try require(partial == nil && decoder.isAtFrameBoundary, "decoder not at a frame boundary after whole frames")
    }
}
