import WebSocketDeflate

/// `Deflater` then `Inflater`: the input is data to compress, with the parameters taken from its first bytes.
///
/// Configuration: byte 0 selects the level (1–9) and context takeover (bit 7); byte 1 the window (bits 0–2: 8–15)
/// and how many messages the data is split into (bits 3–4: 1–4); byte 2 the size of the pieces fed to the deflater
/// (bits 0–2) and to the inflater (bits 3–5). Invariants: every message inflates back to itself; the compressed
/// form of a message is never much larger than the message (stored blocks bound it).
enum DeflateRoundTripTarget {
    static func run(_ data: UnsafeRawBufferPointer) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let c0 = input.byte(), c1 = input.byte(), c2 = input.byte()
        guard let level = DeflateLevel(1 + Int(c0 & 0x7F) % 9) else { throw FuzzFailure("no such level") }
        let resets = c0 & 0x80 != 0
        let windowBits = 8 + Int(c1 & 7)
        let messageCount = 1 + Int(c1 >> 3 & 3)
        let deflateChunk = Chunking.sizes[Int(c2 & 7)]
        let inflateChunk = Chunking.sizes[Int(c2 >> 3 & 7)]
        let bytes = input.rest()

        var deflater = Deflater(level: level, windowBits: windowBits)
        var inflater = Inflater(windowBits: windowBits)
        let size = (bytes.count + messageCount - 1) / messageCount
        let messages = size == 0 ? [bytes] : Chunking.pieces(of: bytes, size: size)
        for (index, message) in messages.enumerated() {
            var compressed: [UInt8] = []
            for piece in Chunking.pieces(of: message, size: deflateChunk) { deflater.deflate(piece, into: &compressed) }
            deflater.syncFlush(into: &compressed)
            try require(compressed.suffix(4) == [0x00, 0x00, 0xFF, 0xFF], "the sync flush does not end with 00 00 ff ff")
            compressed.removeLast(4)
            let bound = message.count + 5 * (message.count / 1_024 + 2) + 8
            try require(compressed.count <= bound, "\(message.count) bytes compress to \(compressed.count), over \(bound)")
            var output: [UInt8] = []
            do throws(InflateError) {
                for piece in Chunking.pieces(of: compressed, size: inflateChunk) {
                    try inflater.inflate(piece, into: &output, limit: message.count)
                }
                try inflater.finishMessage(into: &output, limit: message.count)
            } catch {
                throw FuzzFailure("message \(index) (\(message.count) bytes, \(level), window \(windowBits)) does not inflate: \(error)")
            }
            try require(output == message, "message \(index) (\(message.count) bytes, \(level), window \(windowBits)) inflates to other bytes")
            if resets {
                deflater.reset()
                inflater.reset()
            }
        }
    }
}
