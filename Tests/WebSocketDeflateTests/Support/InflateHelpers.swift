import Testing
import WebSocketDeflate

/// Decoding helpers shared by the tests.
enum Inflate {
    /// Decodes the messages of one stream, feeding each message in pieces of `chunk` bytes (all at once when
    /// nil). Resets between messages unless `contextTakeover`.
    /// Calls `releaseIdleMemory()` before each message whose index is in `releasingBefore`.
    static func messages(
        _ payloads: [[UInt8]], windowBits: Int = 15, contextTakeover: Bool = true, chunk: Int? = nil,
        limit: Int = .max, releasingBefore: Set<Int> = []
    ) throws(InflateError) -> [[UInt8]] {
        var inflater = Inflater(windowBits: windowBits)
        var result: [[UInt8]] = []
        for (index, payload) in payloads.enumerated() {
            if releasingBefore.contains(index) {
                let released = inflater.releaseIdleMemory()
                #expect(released)
            }
            if !contextTakeover { inflater.reset() }
            var output: [UInt8] = []
            let size = max(chunk ?? payload.count, 1)
            var start = 0
            while start < payload.count {
                let end = min(start + size, payload.count)
                try inflater.inflate(payload[start..<end], into: &output, limit: limit)
                start = end
            }
            try inflater.finishMessage(into: &output, limit: limit)
            result.append(output)
        }
        return result
    }

    /// The error decoding `payload` as one message throws, or nil.
    static func error(_ payload: [UInt8], windowBits: Int = 15, limit: Int = .max) -> InflateError? {
        do {
            _ = try messages([payload], windowBits: windowBits, limit: limit)
            return nil
        } catch {
            return error
        }
    }
}

/// Compression helpers shared by the tests.
enum Deflate {
    /// Compresses each message with one deflater, resetting between messages unless `contextTakeover`, and
    /// calling `releaseIdleMemory()` before each message whose index is in `releasingBefore`.
    static func messages(
        _ messages: [[UInt8]], level: DeflateLevel = .default, windowBits: Int = 15, contextTakeover: Bool = true,
        releasingBefore: Set<Int> = []
    ) -> [[UInt8]] {
        var deflater = Deflater(level: level, windowBits: windowBits)
        return messages.enumerated().map { index, message in
            if releasingBefore.contains(index) {
                let released = deflater.releaseIdleMemory()
                #expect(released)
            }
            if !contextTakeover { deflater.reset() }
            return deflater.compressMessage(message)
        }
    }
}
