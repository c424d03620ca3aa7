import Testing
import WebSocketCore
import WebSocketDeflate

@Suite struct PerMessageDeflateWireLimitTests {
    /// An empty stored block (BFINAL 0): five wire bytes that inflate to nothing.
    static let emptyStoredBlock: [UInt8] = [0x00, 0x00, 0x00, 0xFF, 0xFF]

    @Test("WS-LIMIT-COMPRESSED-WIRE: compressed bytes count against the message limit, even when they inflate to nothing")
    func wireBytesCounted() throws {
        let limit = 10_000
        // One frame whose compressed payload is over the limit: refused on its header.
        let big = Array([[UInt8]](repeating: Self.emptyStoredBlock, count: 2_001).joined())
        let single = try PerMessageDeflateLimitTests.server(limit: limit)
        single.receive(clientFrame(.binary, big, rsv: .rsv1))
        #expect(single.failure == .messageTooLarge(limit: limit))
        #expect(single.closeCode == .messageTooBig)
        // The same bytes in 100-byte fragments: fails at the fragment that crosses the limit, not at the end.
        let fragmented = try PerMessageDeflateLimitTests.server(limit: limit)
        var start = 0
        var framesSent = 0
        while start < big.count && fragmented.isOpen {
            let end = min(start + 100, big.count)
            fragmented.receive(clientFrame(start == 0 ? .binary : .continuation, Array(big[start..<end]), fin: false, rsv: start == 0 ? .rsv1 : []))
            framesSent += 1
            start = end
        }
        #expect(fragmented.failure == .messageTooLarge(limit: limit))
        #expect(framesSent == limit / 100 + 1)
        // Within the limit: the empty message is delivered (its tail 00 00 ff ff removed, RFC 7692 §7.2.1).
        let small = try PerMessageDeflateLimitTests.server(limit: limit)
        let blocks = Array([[UInt8]](repeating: Self.emptyStoredBlock, count: 100).joined())
        small.receive(clientFrame(.binary, Array(blocks.dropLast(4)), rsv: .rsv1))
        #expect(small.failure == nil)
        #expect(small.messages == [.binary([])])
    }
}
