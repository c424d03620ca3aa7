import Testing
import WebSocketDeflate

@Suite struct DeflateSizeTests {
    @Test("WS-DEFLATE-RATIO: at the default level our output is within 5% of zlib level 6 on the vector corpus")
    func ratioAgainstZlib() throws {
        var ours = 0
        var zlibs = 0
        for vector in InflateVectorTests.cases where vector.name.hasPrefix("zlib level 6") {
            let messages = vector.messages.map { [UInt8](hex: $0.plain) }
            let compressed = Deflate.messages(messages, windowBits: vector.windowBits, contextTakeover: vector.contextTakeover)
            ours += compressed.map(\.count).reduce(0, +)
            zlibs += vector.messages.map { $0.compressed.count / 2 }.reduce(0, +)
        }
        #expect(Double(ours) <= Double(zlibs) * 1.05, "ours \(ours) bytes, zlib \(zlibs) bytes")
    }

    @Test("WS-DEFLATE-LEVELS: higher levels never compress the corpus worse than level 1")
    func levelsOrder() {
        let text = TestCorpus.english(100_000, seed: 3) + TestCorpus.repetitive(50_000, seed: 3)
        var sizes: [Int] = []
        for level in DeflateLevel.all {
            var deflater = Deflater(level: level)
            sizes.append(deflater.compressMessage(text).count)
        }
        #expect(sizes.allSatisfy { $0 <= sizes[0] })
        #expect(sizes[8] <= sizes[5])
        #expect(DeflateLevel(0) == nil && DeflateLevel(10) == nil && DeflateLevel.default.value == 6)
    }
}
