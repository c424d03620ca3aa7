import PackageTestSupport
import Testing
import WebSocketDeflate

@Suite struct DeflateIdleMemoryTests {
    @Test("WS-DEFLATE-IDLE-RELEASE: a deflater released at random points between messages writes the same bytes, which our inflater, also released at random points, decodes")
    func releasedDeflaterWritesSameBytes() async throws {
        try await offCooperativePool { () throws in
            for level in DeflateLevel.all {
                for windowBits in Deflater.supportedWindowBits {
                    let seed = UInt64(level.value * 131 + windowBits)
                    let messages = TestCorpus.longSequence(seed: seed)
                    let plain = Deflate.messages(messages, level: level, windowBits: windowBits)
                    let releases = TestCorpus.releasePoints(count: messages.count, seed: seed)
                    let released = Deflate.messages(messages, level: level, windowBits: windowBits, releasingBefore: releases)
                    #expect(released == plain, "level \(level.value), window \(windowBits)")
                    let inflaterReleases = TestCorpus.releasePoints(count: messages.count, seed: seed &+ 1)
                    let decoded = try Inflate.messages(released, windowBits: windowBits, chunk: 1_000, releasingBefore: inflaterReleases)
                    #expect(decoded == messages, "level \(level.value), window \(windowBits)")
                }
            }
        }
    }

    @Test("WS-DEFLATE-IDLE-RELEASE: after every message released, both ends still agree, with and without resets")
    func releaseAfterEveryMessage() throws {
        for windowBits in [8, 12, 15] {
            for takeover in [true, false] {
                let messages = TestCorpus.longSequence(seed: UInt64(windowBits))
                let every = Set(messages.indices)
                let plain = Deflate.messages(messages, windowBits: windowBits, contextTakeover: takeover)
                let released = Deflate.messages(
                    messages, windowBits: windowBits, contextTakeover: takeover, releasingBefore: every)
                #expect(released == plain)
                #expect(try Inflate.messages(released, windowBits: windowBits, contextTakeover: takeover, releasingBefore: every) == messages)
            }
        }
    }

    @Test("WS-DEFLATE-IDLE-RELEASE: an idle deflater keeps its window and a bit per byte, an idle inflater its window")
    func idleFootprint() throws {
        for windowBits in Deflater.supportedWindowBits {
            let window = 1 << windowBits
            var deflater = Deflater(windowBits: windowBits)
            var inflater = Inflater(windowBits: windowBits)
            #expect(deflater.allocatedBytes == Deflater.memoryFootprint(windowBits: windowBits))
            #expect(inflater.allocatedBytes == Inflater.memoryFootprint(windowBits: windowBits))
            // Nothing seen yet: nothing kept.
            let releasedBoth0 = deflater.releaseIdleMemory() && inflater.releaseIdleMemory()
            #expect(releasedBoth0)
            #expect(deflater.isIdle && inflater.isIdle)
            #expect(deflater.allocatedBytes == 0 && inflater.allocatedBytes == 0)
            // A short message: its bytes are kept (at most a window of them).
            let short = TestCorpus.json(1, seed: 5)
            var payload = deflater.compressMessage(short)
            #expect(try inflater.inflateMessage(payload) == short)
            #expect(!deflater.isIdle && !inflater.isIdle)
            let releasedBoth1 = deflater.releaseIdleMemory() && inflater.releaseIdleMemory()
            #expect(releasedBoth1)
            let shortKept = min(short.count, window)
            #expect(inflater.allocatedBytes == shortKept)
            #expect(deflater.allocatedBytes == shortKept + (shortKept + 7) / 8)
            // After more than a window: exactly the idle footprint, well under the full one.
            let long = TestCorpus.english(3 * window + 1_000, seed: 6)
            payload = deflater.compressMessage(long)
            #expect(try inflater.inflateMessage(payload) == long)
            let releasedBoth2 = deflater.releaseIdleMemory() && inflater.releaseIdleMemory()
            #expect(releasedBoth2)
            // The bytes behind the deflater's position: a window, or a little less just after its buffer slid.
            let idle = Deflater.idleMemoryFootprint(windowBits: windowBits)
            #expect((idle - 300...idle).contains(deflater.allocatedBytes))
            #expect(inflater.allocatedBytes == Inflater.idleMemoryFootprint(windowBits: windowBits))
            #expect(Deflater.idleMemoryFootprint(windowBits: windowBits) == window + window / 8)
            #expect(Inflater.idleMemoryFootprint(windowBits: windowBits) == window)
            // reset() while idle drops the history without allocating.
            deflater.reset()
            inflater.reset()
            #expect(deflater.isIdle && inflater.isIdle && deflater.allocatedBytes == 0 && inflater.allocatedBytes == 0)
            #expect(try inflater.inflateMessage(deflater.compressMessage(short)) == short)
        }
    }

    @Test("WS-DEFLATE-IDLE-RELEASE: in the middle of a message the release changes nothing and returns false")
    func midMessageSkips() throws {
        let message = TestCorpus.english(50_000, seed: 7)
        var deflater = Deflater()
        var output: [UInt8] = []
        deflater.deflate(message, into: &output)
        let releasedEarly = deflater.releaseIdleMemory()
        #expect(!releasedEarly && !deflater.isIdle)
        deflater.syncFlush(into: &output)
        let releasedAfterFlush = deflater.releaseIdleMemory()
        #expect(releasedAfterFlush && deflater.isIdle)
        output.removeLast(4)
        var reference = Deflater()
        #expect(output == reference.compressMessage(message))

        var inflater = Inflater()
        var decoded: [UInt8] = []
        var skipped = 0
        for start in stride(from: 0, to: output.count, by: 777) {
            try inflater.inflate(output[start..<min(start + 777, output.count)], into: &decoded)
            if !inflater.releaseIdleMemory() { skipped += 1 }
        }
        try inflater.finishMessage(into: &decoded)
        #expect(skipped > 0)
        #expect(decoded == message)
        let releasedAtEnd = inflater.releaseIdleMemory()
        #expect(releasedAtEnd)
    }

    @Test("WS-DEFLATE-IDLE-RELEASE: copies of an idle codec are independent")
    func idleCopies() throws {
        let first = TestCorpus.english(20_000, seed: 8)
        let second = TestCorpus.json(4, seed: 8) + TestCorpus.english(3_000, seed: 9)
        var deflater = Deflater()
        var inflater = Inflater()
        _ = try inflater.inflateMessage(deflater.compressMessage(first))
        let activeDeflaterCopy = deflater
        let activeInflaterCopy = inflater
        deflater.releaseIdleMemory()
        inflater.releaseIdleMemory()
        var idleDeflaterCopy = deflater
        var idleInflaterCopy = inflater
        let payload = deflater.compressMessage(second)
        #expect(try inflater.inflateMessage(payload) == second)
        var active = activeDeflaterCopy
        #expect(active.compressMessage(second) == payload)
        #expect(idleDeflaterCopy.compressMessage(second) == payload)
        var activeInflater = activeInflaterCopy
        #expect(try activeInflater.inflateMessage(payload) == second)
        #expect(try idleInflaterCopy.inflateMessage(payload) == second)
    }
}
