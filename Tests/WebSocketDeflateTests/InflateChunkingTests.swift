import Testing
import WebSocketDeflate

@Suite struct InflateChunkingTests {
    @Test(
        "WS-DEFLATE-CHUNKING: every vector decodes the same fed a byte at a time, in random pieces and whole",
        arguments: InflateVectorTests.cases.map(\.name))
    func vectorChunking(name: String) throws {
        let vector = try #require(InflateVectorTests.cases.first { $0.name == name })
        let payloads = vector.messages.map { [UInt8](hex: $0.compressed) }
        let expected = vector.messages.map { [UInt8](hex: $0.plain) }
        for chunk in [1, 2, 3, 7, 64, 1000] {
            #expect(try Inflate.messages(payloads, windowBits: vector.windowBits, contextTakeover: vector.contextTakeover, chunk: chunk) == expected)
        }
    }

    @Test("WS-DEFLATE-CHUNKING: random splits of our deflater's output decode to the same bytes")
    func randomSplits() throws {
        var generator = Xorshift64Star(seed: 11)
        let messages = TestCorpus.messages(seed: 5) + [TestCorpus.english(70_000, seed: 5)]
        for level in [DeflateLevel.fastest, .default, .best] {
            let compressed = Deflate.messages(messages, level: level)
            var inflater = Inflater()
            for (payload, message) in zip(compressed, messages) {
                var output: [UInt8] = []
                var start = 0
                while start < payload.count {
                    let end = min(payload.count, start + Int.random(in: 0...40, using: &generator))
                    try inflater.inflate(payload[start..<end], into: &output)
                    start = end
                }
                try inflater.finishMessage(into: &output)
                #expect(output == message)
            }
        }
    }

    @Test("WS-DEFLATE-CHUNKING: empty pieces change nothing")
    func emptyPieces() throws {
        var inflater = Inflater()
        var output: [UInt8] = []
        for byte in [UInt8](hex: "f248cdc9c90700") {
            try inflater.inflate([], into: &output)
            try inflater.inflate([byte], into: &output)
        }
        try inflater.finishMessage(into: &output)
        #expect(output == Array("Hello".utf8))
    }

    @Test("WS-DEFLATE-VALUE-SEMANTICS: a copy of an inflater continues independently")
    func copiesAreIndependent() throws {
        var first = Inflater()
        _ = try first.inflateMessage([UInt8](hex: "f248cdc9c90700"))
        var second = first
        #expect(try second.inflateMessage([UInt8](hex: "f200110000")) == Array("Hello".utf8))
        first.reset()
        #expect(throws: InflateError.distanceTooFarBack) { try first.inflateMessage([UInt8](hex: "f200110000")) }
        #expect(try second.inflateMessage([UInt8](hex: "f200110000")) == Array("Hello".utf8))
    }
}
