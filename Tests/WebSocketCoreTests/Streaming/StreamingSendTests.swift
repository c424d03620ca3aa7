import Testing
import WebSocketCore

/// Fragmented (streamed) send through extensions that cannot stream, and the no-interleaving rule.
@Suite struct StreamingSendTests {
    /// Claims RSV2 and reverses whole messages; cannot stream.
    final class ReversingExtension: WebSocketExtension {
        let name = "x-reverse"
        let reservedBits = ReservedBits.rsv2
        func beginDecoding(firstFrameReservedBits bits: ReservedBits) throws(ProtocolViolation) -> Bool { bits.contains(.rsv2) }
        func decode(_ input: UnsafeRawBufferPointer, isFinal: Bool, into output: inout [UInt8], limit: Int) throws(ProtocolViolation) {
            output += input
            if isFinal { output.reverse() }
        }
        func encode(_ payload: [UInt8], kind: Message.Kind) -> (payload: [UInt8], reservedBits: ReservedBits) {
            (payload.reversed(), .rsv2)
        }
    }

    @Test("WS-STREAM-SEND-FALLBACK: an extension that cannot stream leaves a fragmented message untransformed, no reserved bits")
    func fallback() throws {
        var client = try Connection.established(role: .client, extensions: [ReversingExtension()])
        try client.beginFragmentedMessage(.binary, [1, 2])
        try client.continueFragmentedMessage([3], isFinal: true)
        try client.send(.binary([4, 5]))
        let frames = try decodeFrames(client.takeOutboundBytes(), sentBy: .client, allowedReservedBits: .rsv2)
        #expect(frames.map(\.payload) == [[1, 2], [3], [5, 4]])
        #expect(frames.map(\.header.reservedBits) == [[], [], .rsv2])
    }

    @Test("WS-STREAM-SEND-NO-INTERLEAVE: while a fragmented message is open, another data message or fragmented start is refused")
    func noInterleave() throws {
        var client = try Connection.established(role: .client)
        try client.beginFragmentedMessage(.text, Array("a".utf8))
        #expect(throws: UsageError.fragmentedMessageOpen) { try client.send(.text("b")) }
        #expect(throws: UsageError.fragmentedMessageOpen) { try client.beginFragmentedMessage(.binary, [1]) }
        try client.ping([7])  // Control frames may go between fragments (RFC 6455 §5.4).
        try client.continueFragmentedMessage(Array("c".utf8), isFinal: true)
        try client.send(.text("d"))
        let frames = try decodeFrames(client.takeOutboundBytes(), sentBy: .client)
        #expect(frames.map(\.header.opcode) == [.text, .ping, .continuation, .text])
    }
}
