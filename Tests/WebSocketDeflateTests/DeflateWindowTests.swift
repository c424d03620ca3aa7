import Testing
import WebSocketDeflate

@Suite struct DeflateWindowTests {
    @Test(
        "RFC7692-7.1.2-WINDOW-8, RFC1951-3.2.5-DISTANCE-WINDOW: output of every window size decodes with an inflater of that window (no distance beyond it)",
        arguments: Array(Deflater.supportedWindowBits))
    func distancesStayInWindow(windowBits: Int) throws {
        // Data with many matches at every distance up to 64 KiB.
        var generator = Xorshift64Star(seed: UInt64(windowBits))
        let block = generator.bytes(count: 300)
        var data: [UInt8] = []
        for index in 0..<400 { data += block.prefix(50 + index % 250); data += generator.bytes(count: index % 7) }
        for level in DeflateLevel.all {
            let compressed = Deflate.messages([data, data, TestCorpus.english(20_000, seed: 1)], level: level, windowBits: windowBits)
            #expect(try Inflate.messages(compressed, windowBits: windowBits) == [data, data, TestCorpus.english(20_000, seed: 1)])
        }
    }

    @Test("RFC7692-7.1.2-WINDOW-8: window 8 never produces a distance above 256, yet still finds matches")
    func windowEight() throws {
        let text = TestCorpus.english(50_000, seed: 12)
        for level in DeflateLevel.all {
            var deflater = Deflater(level: level, windowBits: 8)
            let compressed = deflater.compressMessage(text)
            // An inflater with a 256-byte window rejects any distance above 256.
            var inflater = Inflater(windowBits: 8)
            #expect(try inflater.inflateMessage(compressed) == text)
            #expect(compressed.count < text.count * 3 / 4)
        }
        // zlib's window-9 streams (distances at most 250) decode with window 8.
        for vector in InflateVectorTests.cases where vector.windowBits == 9 {
            let payloads = vector.messages.map { [UInt8](hex: $0.compressed) }
            #expect(try Inflate.messages(payloads, windowBits: 8, contextTakeover: vector.contextTakeover) == vector.messages.map { [UInt8](hex: $0.plain) })
        }
    }

    @Test("RFC7692-7.1.2-WINDOW-8: a window-15 stream with long distances is rejected by smaller windows")
    func smallerWindowsReject() {
        var generator = Xorshift64Star(seed: 77)
        let block = generator.bytes(count: 2000)
        let data = block + generator.bytes(count: 30_000) + block
        let compressed = Deflate.messages([data], windowBits: 15)[0]
        for windowBits in 8...14 { #expect(Inflate.error(compressed, windowBits: windowBits) == .distanceTooFarBack) }
        #expect(Inflate.error(compressed, windowBits: 15) == nil)
    }
}
