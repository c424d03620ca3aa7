import Testing
import WebSocketDeflate

@Suite struct InflateCorruptionTests {
    @Test("WS-DEFLATE-CORRUPT-INPUT: thousands of random byte strings give typed errors or output, never a trap")
    func randomBytes() {
        var generator = Xorshift64Star(seed: 0xDEF1)
        var errors = 0
        for _ in 0..<5000 {
            let length = Int.random(in: 0...300, using: &generator)
            var bytes = generator.bytes(count: length)
            // Bias towards valid block types so that decoding gets past the first header.
            if !bytes.isEmpty && Bool.random(using: &generator) { bytes[0] = bytes[0] & 0xF9 | 0x04 }
            let windowBits = Int.random(in: 8...15, using: &generator)
            if Inflate.error(bytes, windowBits: windowBits, limit: 1 << 20) != nil { errors += 1 }
        }
        #expect(errors > 4000)
    }

    @Test("WS-DEFLATE-CORRUPT-INPUT: flipped bits and cut streams of valid output give typed errors or output, never a trap")
    func mutatedStreams() throws {
        var generator = Xorshift64Star(seed: 0xBAD)
        let messages = TestCorpus.messages(seed: 3)
        let compressed = Deflate.messages(messages, windowBits: 10)
        for _ in 0..<3000 {
            let index = Int.random(in: 0..<compressed.count, using: &generator)
            var payload = compressed[index]
            guard !payload.isEmpty else { continue }
            switch Int.random(in: 0...2, using: &generator) {
            case 0:
                let bit = Int.random(in: 0..<payload.count * 8, using: &generator)
                payload[bit / 8] ^= 1 << (bit % 8)
            case 1:
                payload = Array(payload.prefix(Int.random(in: 0..<payload.count, using: &generator)))
            default:
                payload[Int.random(in: 0..<payload.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            let chunk = Int.random(in: 1...64, using: &generator)
            _ = try? Inflate.messages([payload], windowBits: Int.random(in: 8...15, using: &generator), chunk: chunk, limit: 1 << 16)
        }
    }
}
