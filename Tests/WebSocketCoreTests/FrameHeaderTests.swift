import Testing
import WebSocketCore

@Suite struct FrameHeaderTests {
    @Test("RFC6455-5.2-LENGTH-MINIMAL-ENCODE: the encoder uses the minimal length form at every boundary")
    func minimalEncoding() {
        let cases: [(UInt64, Int, UInt8)] = [
            (0, 2, 0), (125, 2, 125), (126, 4, 126), (65535, 4, 126), (65536, 10, 127),
            (UInt64(UInt32.max) + 1, 10, 127), (UInt64(Int64.max), 10, 127),
        ]
        for (length, size, len7) in cases {
            let header = FrameHeader(opcode: .binary, payloadLength: length)
            let bytes = header.bytes
            #expect(bytes.count == size)
            #expect(bytes[1] & 0x7F == len7)
            let masked = FrameHeader(opcode: .binary, maskingKey: MaskingKey(1, 2, 3, 4), payloadLength: length)
            #expect(masked.bytes.count == size + 4)
            #expect(masked.bytes[1] & 0x80 == 0x80)
            #expect(Array(masked.bytes.suffix(4)) == [1, 2, 3, 4])
        }
    }

    @Test("RFC6455-5.2-LENGTH-NONMINIMAL-RECEIVE: non-minimal lengths are rejected by default, accepted on request")
    func nonMinimal() throws {
        // 5 bytes in the 16-bit form, and 200 bytes in the 64-bit form.
        let sixteen: [UInt8] = [0x82, 0x80 | 126, 0, 5, 1, 2, 3, 4] + [UInt8](repeating: 9, count: 5)
        let sixtyFour: [UInt8] = [0x82, 0x80 | 127, 0, 0, 0, 0, 0, 0, 0, 200, 1, 2, 3, 4] + [UInt8](repeating: 9, count: 200)
        for stream in [sixteen, sixtyFour] {
            #expect(throws: ProtocolViolation.nonMinimalLength) { try decodeFrames(stream, sentBy: .client) }
            var lax = Limits()
            lax.nonMinimalLengths = .accept
            let frames = try decodeFrames(stream, sentBy: .client, limits: lax)
            #expect(frames.count == 1)
        }
        let result = try drive(.server, [sixteen])
        #expect(result.closeCode == .protocolError)
    }

    @Test("RFC6455-5.2-LENGTH-MSB: a 64-bit length with the top bit set is a protocol error")
    func msbSet() {
        let stream: [UInt8] = [0x82, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4]
        var limits = Limits()
        limits.maximumFrameSize = .max
        #expect(throws: ProtocolViolation.lengthMostSignificantBitSet) {
            try decodeFrames(stream, sentBy: .client, limits: limits)
        }
    }
}
