import Testing
import WebSocketProperties

/// The oracle of `vector-frames-bit-flip`, checked by hand on single-bit changes of the RFC 6455 §5.7 examples: each
/// kind of change gives the violation `Spec/errors.md` names for it, and the decoder agrees.
@Suite("Frame oracle")
struct FrameOracleTests {
    static let hello: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]  // server's unmasked "Hello"
    static let maskedHello: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
    static let ping: [UInt8] = [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]
    static let binary256: [UInt8] = [0x82, 0x7E, 0x01, 0x00] + [UInt8](repeating: 0, count: 256)
    static let binary64K: [UInt8] = [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] + [UInt8](repeating: 0, count: 65_536)

    static func flipped(_ bytes: [UInt8], byte: Int, bit: Int) -> [UInt8] {
        var out = bytes
        out[byte] ^= 1 << UInt8(bit)
        return out
    }

    /// The decoder's error on `wire`, fed whole.
    static func decoderError(_ wire: [UInt8], _ oracle: FrameOracle) -> ProtocolViolation? {
        var decoder = oracle.decoder
        var partial: Frame?
        do {
            _ = try wire.withUnsafeBytes { raw throws(ProtocolViolation) in try Frame.decodeAll(raw, with: &decoder, partial: &partial) }
            return nil
        } catch {
            return error as? ProtocolViolation
        }
    }

    static let cases: [(name: String, wire: [UInt8], oracle: FrameOracle, violation: String)] = [
        ("RSV1 set, nothing negotiated", flipped(hello, byte: 0, bit: 6), FrameOracle(receiver: .client), "reserved-bits-not-negotiated"),
        ("RSV3 set, nothing negotiated", flipped(hello, byte: 0, bit: 4), FrameOracle(receiver: .client), "reserved-bits-not-negotiated"),
        ("opcode 0x1 -> 0x5", flipped(hello, byte: 0, bit: 2), FrameOracle(receiver: .client), "reserved-opcode"),
        ("opcode 0x9 -> 0xB", flipped(ping, byte: 0, bit: 1), FrameOracle(receiver: .client), "reserved-opcode"),
        ("FIN cleared on a ping", flipped(ping, byte: 0, bit: 7), FrameOracle(receiver: .client), "fragmented-control-frame"),
        ("MASK set on a server frame", flipped(hello, byte: 1, bit: 7), FrameOracle(receiver: .client), "masked-server-frame"),
        ("MASK cleared on a client frame", flipped(maskedHello, byte: 1, bit: 7), FrameOracle(receiver: .server), "unmasked-client-frame"),
        ("binary 0x2 -> pong 0xA with the 16-bit length form", flipped(binary256, byte: 0, bit: 3), FrameOracle(receiver: .client), "control-frame-too-long"),
        ("16-bit length 256 -> 0", flipped(binary256, byte: 2, bit: 0), FrameOracle(receiver: .client), "non-minimal-length"),
        ("64-bit length 65536 -> 0", flipped(binary64K, byte: 7, bit: 0), FrameOracle(receiver: .client), "non-minimal-length"),
        ("64-bit length with its top bit set", flipped(binary64K, byte: 2, bit: 7), FrameOracle(receiver: .client), "length-msb-set"),
        ("64 KiB over a 65535-byte limit", binary64K, FrameOracle(receiver: .client, maximumFrameSize: 65_535), "frame-too-large"),
        // The length 5 -> 4: "Hell" decodes, then "o" (0x6F: FIN clear, RSV1 and RSV2, opcode 0xF) starts a header.
        ("7-bit length 5 -> 4", flipped(hello, byte: 1, bit: 0), FrameOracle(receiver: .client), "reserved-bits-not-negotiated"),
    ]

    @Test("WS-PROP-VECTOR-FRAME-MUTATION: each kind of header change gives the violation Spec/errors.md names, as the decoder does")
    func namedViolations() {
        for c in Self.cases {
            let predicted = c.oracle.predict(c.wire).violation
            #expect(predicted?.name == c.violation, "\(c.name): oracle says \(String(describing: predicted))")
            #expect(Self.decoderError(c.wire, c.oracle) == predicted, "\(c.name)")
        }
        #expect(FrameOracle(receiver: .client).predict(Self.flipped(Self.hello, byte: 0, bit: 6)).violation == .reservedBitsNotNegotiated(.rsv1))
        #expect(FrameOracle(receiver: .client).predict(Self.flipped(Self.binary256, byte: 0, bit: 3)).violation == .controlFrameTooLong(126))
    }

    @Test("WS-PROP-VECTOR-FRAME-MUTATION: changes that break no rule decode to the changed frame")
    func acceptedChanges() {
        // RSV1 with RSV1 negotiated, text -> continuation, ping -> close, FIN cleared on a data frame, a payload bit.
        let rsv1 = FrameOracle(receiver: .client, allowedReservedBits: .rsv1).predict(Self.flipped(Self.hello, byte: 0, bit: 6))
        #expect(rsv1.violation == nil && rsv1.frames.first?.header.reservedBits == .rsv1 && rsv1.endsAtFrameBoundary)
        let client = FrameOracle(receiver: .client)
        #expect(client.predict(Self.flipped(Self.hello, byte: 0, bit: 0)).frames.first?.header.opcode == .continuation)
        #expect(client.predict(Self.flipped(Self.ping, byte: 0, bit: 0)).frames.first?.header.opcode == .close)
        #expect(client.predict(Self.flipped(Self.ping, byte: 0, bit: 1)).violation == .reservedOpcode(.reservedControlB))
        let unfinished = client.predict(Self.flipped(Self.hello, byte: 0, bit: 7))
        #expect(unfinished.frames.first?.header.fin == false && unfinished.frames.first?.encoded == Self.flipped(Self.hello, byte: 0, bit: 7))
        let server = FrameOracle(receiver: .server)
        let payloadBit = server.predict(Self.flipped(Self.maskedHello, byte: 8, bit: 3))
        #expect(payloadBit.frames.first?.payload == Array("Hedlo".utf8))  // 'l' (0x6C) with bit 3 flipped is 'd'
        #expect(payloadBit.frames.first?.encoded == Self.flipped(Self.maskedHello, byte: 8, bit: 3))
        // A longer length: the frame waits for bytes that never come.
        let longer = client.predict(Self.flipped(Self.hello, byte: 1, bit: 1))
        #expect(longer.frames.isEmpty && longer.violation == nil && !longer.endsAtFrameBoundary)
        // Non-minimal lengths are taken at their value under .accept, and then do not re-encode to the same bytes.
        let lax = FrameOracle(receiver: .client, nonMinimalLengths: .accept).predict(Self.flipped(Self.binary256, byte: 2, bit: 0))
        #expect(lax.frames.first?.payload == [] && lax.minimalLength.first == false)
    }

    @Test("WS-PROP-VECTOR-FRAME-MUTATION: random single-bit mutations of the vectors reach every header violation")
    func mutationsReachEveryRule() throws {
        let frames = PackageVectors.vectors.frames.vectors
        try #require(frames.count == 7)
        var g = Xorshift64Star(seed: 6455)
        var seen: Set<String> = []
        var decoded = 0
        for _ in 0..<1_500 {
            let mutation = FrameMutation.random(frames, using: &g)
            let prediction = mutation.oracle.predict(mutation.wire)
            if let violation = prediction.violation { seen.insert(violation.name) } else { decoded += 1 }
        }
        let headerRules: Set<String> = [
            "reserved-bits-not-negotiated", "reserved-opcode", "fragmented-control-frame", "masked-server-frame",
            "unmasked-client-frame", "control-frame-too-long", "length-msb-set", "non-minimal-length", "frame-too-large",
        ]
        #expect(seen == headerRules)
        #expect(decoded > 150, "mutations that still decode: \(decoded)")
    }
}
