import Testing
import WebSocketCore

/// A toy extension for tests: messages marked RSV1 carry their payload reversed.
private final class ReversingExtension: WebSocketExtension {
    let name = "x-reverse"
    let reservedBits: ReservedBits = .rsv1
    private var pending: [UInt8] = []

    func beginDecoding(firstFrameReservedBits bits: ReservedBits) throws(ProtocolViolation) -> Bool {
        pending = []
        return bits.contains(.rsv1)
    }

    func decode(_ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8], limit: Int) throws(ProtocolViolation) {
        pending.append(contentsOf: input)
        if pending.count > limit { throw .messageTooLarge(limit: limit) }
        if isFinal { output.append(contentsOf: pending.reversed()) }
    }

    func encode(_ payload: [UInt8], kind: Message.Kind) -> (payload: [UInt8], reservedBits: ReservedBits) {
        (payload.reversed(), .rsv1)
    }
}

@Suite struct ExtensionInterfaceTests {
    @Test("RFC6455-9-EXTENSION-RSV-CLAIM: claimed bits pass on a first data frame only")
    func rsvClaim() throws {
        let ext = ReversingExtension()
        let ok = try drive(.server, [clientFrame(.text, Array("cba".utf8), rsv: .rsv1)], extensions: [ext])
        #expect(ok.events == [.message(.text("abc"))])
        let onControl = try drive(.server, [clientFrame(.ping, [], rsv: .rsv1)], extensions: [ReversingExtension()])
        #expect(onControl.failure == .reservedBitsNotNegotiated(.rsv1))
        let onContinuation = try drive(
            .server, [clientFrame(.text, [0x61], fin: false, rsv: .rsv1) + clientFrame(.continuation, [0x62], rsv: .rsv1)],
            extensions: [ReversingExtension()])
        #expect(onContinuation.failure == .reservedBitsNotNegotiated(.rsv1))
        let unclaimed = try drive(.server, [clientFrame(.text, [0x61], rsv: .rsv2)], extensions: [ReversingExtension()])
        #expect(unclaimed.failure == .reservedBitsNotNegotiated(.rsv2))
    }

    @Test("RFC6455-9-EXTENSION-TRANSFORM: outgoing messages are transformed; limits and UTF-8 apply to decoded bytes")
    func transform() throws {
        var server = try Connection.established(role: .server, extensions: [ReversingExtension()])
        try server.send(text: "hello")
        let frames = try decodeFrames(server.takeOutboundBytes(), sentBy: .server, allowedReservedBits: .rsv1)
        #expect(frames == [Frame(reservedBits: .rsv1, opcode: .text, payload: Array("olleh".utf8))])
        _ = server.abort()
        // Unmarked messages pass through untouched.
        #expect(try drive(.server, [clientFrame(.binary, [1, 2])], extensions: [ReversingExtension()]).events == [.message(.binary([1, 2]))])
        // Decoded text is validated: reversed "€" is not UTF-8.
        let bad = try drive(.server, [clientFrame(.text, Array("€".utf8).reversed(), rsv: .rsv1)], extensions: [ReversingExtension()])
        #expect(bad.events == [.message(.text("€"))])
        let invalid = try drive(.server, [clientFrame(.text, Array("€".utf8), rsv: .rsv1)], extensions: [ReversingExtension()])
        #expect(invalid.failure == .invalidUTF8)
        var configuration = ConnectionConfiguration()
        configuration.limits.maximumMessageSize = 4
        let big = try drive(.server, [clientFrame(.binary, [1, 2, 3, 4, 5], rsv: .rsv1)], configuration: configuration, extensions: [ReversingExtension()])
        #expect(big.failure == .messageTooLarge(limit: 4))
    }
}
