import Testing
import WebSocketCore

/// A key source that records the keys it hands out.
private struct CountingKeySource: MaskingKeySource {
    var issued: [MaskingKey] = []
    var system = SystemMaskingKeySource()
    mutating func nextKey() -> MaskingKey {
        let key = system.nextKey()
        issued.append(key)
        return key
    }
}

@Suite struct EncoderTests {
    @Test("RFC6455-5.1-SERVER-NO-MASK: a server never masks")
    func serverDoesNotMask() throws {
        var server = try Connection.established(role: .server)
        try server.send(text: "a")
        try server.send(binary: [UInt8](repeating: 1, count: 70000))
        try server.ping([1])
        let frames = try decodeFrames(server.takeOutboundBytes(), sentBy: .server)
        #expect(frames.count == 3)
        #expect(frames.allSatisfy { $0.header.maskingKey == nil })
        _ = server.abort()
    }

    @Test("RFC6455-5.3-CLIENT-MASKS-EVERY-FRAME: a client masks each frame with a fresh key")
    func clientMasksEveryFrame() throws {
        var client = try Connection.established(role: .client)
        for i in 0..<200 { try client.send(binary: [UInt8(truncatingIfNeeded: i), 1, 2, 3]) }
        try client.ping([])
        let frames = try decodeFrames(client.takeOutboundBytes(), sentBy: .client)
        #expect(frames.count == 201)
        #expect(frames.allSatisfy { $0.header.maskingKey != nil })
        let distinct = Set(frames.compactMap { $0.header.maskingKey })
        #expect(distinct.count > 190, "keys are fresh per frame (a few 32-bit collisions are possible but rare)")
        #expect(frames[5].payload == [5, 1, 2, 3], "the payload unmasks to what was sent")
        _ = client.abort()
    }

    @Test("WS-ENCODER-VECTORED: a large payload is its own chunk, the caller's array, after the header")
    func vectored() throws {
        var server = try Connection.established(role: .server)
        let big = [UInt8](repeating: 0xAB, count: 100_000)
        try server.send(text: "small")
        try server.send(text: "small too")
        try server.send(binary: big)
        let chunks = server.takeOutbound()
        #expect(chunks.count == 2, "small frames and the big header share one chunk; the big payload is alone")
        #expect(chunks[1].count == big.count)
        chunks[1].withUnsafeBufferPointer { sent in
            big.withUnsafeBufferPointer { original in #expect(sent.baseAddress == original.baseAddress, "not copied") }
        }
        #expect(try decodeFrames(chunks.flatMap { $0 }, sentBy: .server).count == 3)
        _ = server.abort()
    }
}
