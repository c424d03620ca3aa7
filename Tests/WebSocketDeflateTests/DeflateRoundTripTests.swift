import PackageTestSupport
import Testing
import WebSocketDeflate

@Suite struct DeflateRoundTripTests {
    static let windows = Array(Deflater.supportedWindowBits)

    @Test(
        "RFC7692-7.2.1-SYNC-FLUSH-TAIL, RFC7692-7.1.1-CONTEXT-TAKEOVER: inflate(deflate(x)) == x at every level and window, with and without context takeover",
        arguments: DeflateLevel.all, windows)
    func roundTrip(level: DeflateLevel, windowBits: Int) throws {
        let messages = TestCorpus.messages(seed: UInt64(level.value * 100 + windowBits))
        for takeover in [true, false] {
            let compressed = Deflate.messages(messages, level: level, windowBits: windowBits, contextTakeover: takeover)
            #expect(try Inflate.messages(compressed, windowBits: windowBits, contextTakeover: takeover) == messages)
        }
    }

    @Test("RFC7692-7.2.1-SYNC-FLUSH-TAIL: a sync flush ends the output with 00 00 ff ff on a byte boundary")
    func syncFlushTail() {
        for level in DeflateLevel.all {
            var deflater = Deflater(level: level)
            for message in TestCorpus.messages(seed: 1) {
                var output: [UInt8] = []
                deflater.deflate(message, into: &output)
                deflater.syncFlush(into: &output)
                #expect(Array(output.suffix(4)) == [0x00, 0x00, 0xFF, 0xFF])
            }
        }
        var deflater = Deflater()
        #expect(deflater.compressMessage([]) == [0x00])
        #expect(deflater.compressMessage(Array("Hello".utf8)) == [UInt8](hex: "f248cdc9c90700"))
    }

    @Test("RFC7692-7.1.1-CONTEXT-TAKEOVER: with takeover a repeated message refers back to the previous one; after reset it does not")
    func contextTakeover() throws {
        let message = TestCorpus.json(1, seed: 4)
        var deflater = Deflater()
        let first = deflater.compressMessage(message)
        let second = deflater.compressMessage(message)
        #expect(second.count < first.count / 4)
        // Decoding the second message alone (without the first's window) fails.
        #expect(Inflate.error(second) == .distanceTooFarBack)
        deflater.reset()
        #expect(deflater.compressMessage(message) == first)
    }

    @Test("WS-DEFLATE-ROUND-TRIP: large random, repetitive and text inputs round-trip, in pieces too")
    func largeInputs() async throws {
        try await offCooperativePool { () throws in
            var generator = Xorshift64Star(seed: 99)
            let inputs = [
                generator.bytes(count: 150_000), TestCorpus.repetitive(300_000, seed: 4), TestCorpus.english(250_000, seed: 4),
                Array(repeating: 0, count: 200_000),
            ]
            for windowBits in [8, 12, 15] {
                for level in [DeflateLevel.fastest, DeflateLevel(4)!, .default, .best] {
                    var deflater = Deflater(level: level, windowBits: windowBits)
                    var inflater = Inflater(windowBits: windowBits)
                    for input in inputs {
                        var compressed: [UInt8] = []
                        var start = 0
                        while start < input.count {
                            let end = min(input.count, start + Int.random(in: 1...20_000, using: &generator))
                            deflater.deflate(input[start..<end], into: &compressed)
                            start = end
                        }
                        deflater.syncFlush(into: &compressed)
                        compressed.removeLast(4)
                        #expect(try inflater.inflateMessage(compressed) == input, "level \(level.value) window \(windowBits)")
                    }
                }
            }
        }
    }

    @Test("WS-DEFLATE-ROUND-TRIP: incompressible input is sent in stored blocks, barely larger than itself")
    func incompressible() throws {
        var generator = Xorshift64Star(seed: 5)
        let input = generator.bytes(count: 100_000)
        var deflater = Deflater()
        let compressed = deflater.compressMessage(input)
        #expect(compressed.count <= input.count + input.count / 1000 + 64)
        var inflater = Inflater()
        #expect(try inflater.inflateMessage(compressed) == input)
    }

    @Test("WS-DEFLATE-VALUE-SEMANTICS: a copy of a deflater continues independently")
    func deflaterCopies() {
        var first = Deflater()
        _ = first.compressMessage(Array("Hello".utf8))
        var second = first
        let fromSecond = second.compressMessage(Array("Hello".utf8))
        first.reset()
        #expect(first.compressMessage(Array("Hello".utf8)) == [UInt8](hex: "f248cdc9c90700"))
        var third = second
        _ = third.compressMessage(Array("x".utf8))
        #expect(fromSecond.count < 5)
    }
}
