import Testing
import WebSocketDeflate

@Suite struct MemoryBoundTests {
    @Test("WS-DEFLATE-MEMORY-BOUND: per-stream memory is fixed at creation, grows with the window and stays bounded")
    func footprints() {
        var previousInflater = 0
        var previousDeflater = 0
        for windowBits in Inflater.supportedWindowBits {
            let inflater = Inflater.memoryFootprint(windowBits: windowBits)
            let deflater = Deflater.memoryFootprint(windowBits: windowBits)
            let window = 1 << windowBits
            // Inflater: the window, room for new output (a window, at least 8 KiB), about 13 KiB of tables.
            #expect(inflater >= window + max(window, 8192))
            #expect(inflater <= window + max(window, 8192) + 16 * 1024)
            // Deflater: buffer (at most 4 windows, 64 KiB), chain links (2 windows), hash heads and symbols
            // (at most 64 KiB each), Huffman scratch (about 10 KiB).
            #expect(deflater <= 6 * window + 144 * 1024)
            #expect(inflater >= previousInflater && deflater >= previousDeflater)
            previousInflater = inflater
            previousDeflater = deflater
            for level in DeflateLevel.all { #expect(Deflater.memoryFootprint(windowBits: windowBits, level: level) == deflater) }
        }
        #expect(Inflater.memoryFootprint(windowBits: 15) < 80 * 1024)
        #expect(Deflater.memoryFootprint(windowBits: 15) < 300 * 1024)
        #expect(Inflater.memoryFootprint(windowBits: 8) < 24 * 1024)
        #expect(Deflater.memoryFootprint(windowBits: 8) < 40 * 1024)
    }

    @Test("WS-DEFLATE-MEMORY-BOUND: a long stream of messages does not grow the inflater or deflater")
    func steadyState() throws {
        var deflater = Deflater(windowBits: 9)
        var inflater = Inflater(windowBits: 9)
        for index in 0..<300 {
            let message = TestCorpus.json(index, seed: 2)
            #expect(try inflater.inflateMessage(deflater.compressMessage(message)) == message)
        }
    }
}
