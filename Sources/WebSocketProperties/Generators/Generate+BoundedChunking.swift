// Chunkings for inputs that may be large (the 64 KiB vector, a million-byte SHA-1 message): every strategy for
// small inputs, and no more than a few thousand pieces for large ones.

extension Generate {
    /// `bytes` cut by a random chunking; above `singleByteLimit` bytes, single-byte and small chunks give way to
    /// random ones, so that a run stays fast.
    public static func boundedChunks(
        of bytes: [UInt8], singleByteLimit: Int = 4_096, using g: inout Xorshift64Star
    ) -> [[UInt8]] {
        var strategy = chunking(using: &g)
        if bytes.count > singleByteLimit && (strategy == .singleBytes || strategy == .small) { strategy = .random }
        return chunks(of: bytes, strategy, using: &g)
    }

    /// Random cut points of `0..<count`, as consecutive ranges covering it: piece sizes drawn from 0, 1, the SHA-1
    /// block boundaries (55, 56, 63, 64, 65) and random sizes, with at most about `maximumPieces` pieces.
    public static func pieceRanges(count: Int, maximumPieces: Int = 2_000, using g: inout Xorshift64Star) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        let floor = count / maximumPieces
        while start < count {
            let size: Int
            switch g.below(4) {
            case 0: size = g.element(of: [0, 1, 55, 56, 63, 64, 65, 128])
            case 1: size = g.int(in: 0...16)
            default: size = g.int(in: 0...max(1, (count - start) / 2 + 1))
            }
            let end = min(count, start + max(size, floor))
            out.append(start..<end)
            start = end
        }
        if out.isEmpty || g.oneIn(4) { out.append(count..<count) }
        return out
    }
}
