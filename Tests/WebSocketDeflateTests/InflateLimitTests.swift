import Testing
import WebSocketDeflate

@Suite struct InflateLimitTests {
    /// Messages that end in each block type: stored (random bytes), fixed ("Hello"), dynamic (text), and a
    /// long run (matches).
    static let messages: [[UInt8]] = {
        var generator = Xorshift64Star(seed: 21)
        return [
            generator.bytes(count: 3000), Array("Hello".utf8), TestCorpus.english(40_000, seed: 2),
            Array(repeating: 0x61, count: 100_000), [0x41],
        ]
    }()

    @Test("WS-DEFLATE-OUTPUT-CAP: the cap is exact to the byte (limit-1 throws, limit and limit+1 decode)")
    func exactCap() throws {
        for message in Self.messages {
            let compressed = Deflate.messages([message])[0]
            for chunk in [nil, 1, 5, 1000] as [Int?] {
                let n = message.count
                #expect(throws: InflateError.outputLimitExceeded(limit: n - 1)) {
                    try Inflate.messages([compressed], chunk: chunk, limit: n - 1)
                }
                #expect(try Inflate.messages([compressed], chunk: chunk, limit: n) == [message])
                #expect(try Inflate.messages([compressed], chunk: chunk, limit: n + 1) == [message])
            }
        }
    }

    @Test("WS-DEFLATE-OUTPUT-CAP: the output never grows past the limit, nor its capacity")
    func neverPastLimit() throws {
        let message = TestCorpus.english(200_000, seed: 8)
        let compressed = Deflate.messages([message])[0]
        for limit in [0, 1, 100, 4096, 65_536, 150_000] {
            var inflater = Inflater()
            var output: [UInt8] = []
            #expect(throws: InflateError.outputLimitExceeded(limit: limit)) {
                try inflater.inflate(compressed, into: &output, limit: limit)
            }
            #expect(output.count <= limit)
            #expect(output.capacity <= max(limit, 32) + 8192)
            #expect(output == Array(message.prefix(output.count)))
        }
    }

    @Test("WS-DEFLATE-OUTPUT-CAP: the limit counts what output already held")
    func limitIncludesExistingOutput() throws {
        var inflater = Inflater()
        var output: [UInt8] = Array(repeating: 1, count: 10)
        #expect(throws: InflateError.outputLimitExceeded(limit: 14)) {
            try inflater.inflate([UInt8](hex: "f248cdc9c90700"), into: &output, limit: 14)
        }
        var second = Inflater()
        var full: [UInt8] = Array(repeating: 1, count: 10)
        try second.inflate([UInt8](hex: "f248cdc9c90700"), into: &full, limit: 15)
        try second.finishMessage(into: &full, limit: 15)
        #expect(full == Array(repeating: 1, count: 10) + Array("Hello".utf8))
    }

    @Test("WS-DEFLATE-BOMB: 1 GiB of zeros from a 1 MB stream stops at the cap without allocating beyond it")
    func bomb() throws {
        // One mebibyte of zeros compresses to about a kilobyte; its sync-flushed segment repeated 1,024 times
        // is a valid stream of 1 GiB.
        var deflater = Deflater(level: .best)
        var segment: [UInt8] = []
        deflater.deflate(Array(repeating: 0, count: 1 << 20), into: &segment)
        deflater.syncFlush(into: &segment)
        var stream: [UInt8] = []
        for _ in 0..<1024 { stream += segment }
        #expect(stream.count < 2 << 20)
        let limit = 16 << 20
        var inflater = Inflater()
        var output: [UInt8] = []
        #expect(throws: InflateError.outputLimitExceeded(limit: limit)) {
            try inflater.inflate(stream, into: &output, limit: limit)
        }
        #expect(output.count <= limit)
        // The output reserves at most `limit` bytes (the allocator may round the block up by a page).
        #expect(output.capacity <= limit + 8192)
        #expect(output.allSatisfy { $0 == 0 })
    }
}
