// Ways to cut a byte stream into the pieces that reads deliver.

/// How a byte stream is cut into chunks.
public enum Chunking: String, Sendable, Hashable, CaseIterable {
    /// One chunk holding everything.
    case whole
    /// One byte per chunk.
    case singleBytes
    /// Chunks of 1 to 16 bytes.
    case small
    /// Chunks of random sizes up to the whole stream.
    case random
    /// Random chunks with empty chunks mixed in.
    case randomWithEmpty
}

extension Generate {
    /// A random chunking strategy.
    public static func chunking(using g: inout Xorshift64Star) -> Chunking {
        g.element(of: Chunking.allCases)
    }

    /// `bytes` cut into chunks by `chunking`; the chunks concatenate to `bytes`. Each chunk is its own array, so a
    /// consumer that keeps a pointer into one chunk cannot read the next by accident.
    public static func chunks(
        of bytes: [UInt8], _ chunking: Chunking, using g: inout Xorshift64Star
    ) -> [[UInt8]] {
        switch chunking {
        case .whole:
            return [bytes]
        case .singleBytes:
            return bytes.map { [$0] }
        case .small, .random, .randomWithEmpty:
            var out: [[UInt8]] = []
            var start = 0
            while start < bytes.count {
                if chunking == .randomWithEmpty && g.oneIn(4) { out.append([]) }
                let left = bytes.count - start
                let size = chunking == .small ? g.int(in: 1...min(16, left)) : g.int(in: 1...max(1, left / 2 + 1))
                let end = min(start + size, bytes.count)
                out.append(Array(bytes[start..<end]))
                start = end
            }
            return out
        }
    }

    /// `bytes` cut into chunks by a random chunking strategy.
    public static func chunks(of bytes: [UInt8], using g: inout Xorshift64Star) -> [[UInt8]] {
        let strategy = chunking(using: &g)
        return chunks(of: bytes, strategy, using: &g)
    }
}
