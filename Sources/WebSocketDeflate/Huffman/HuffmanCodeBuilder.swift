/// Builds length-limited Huffman codes from symbol frequencies (RFC 1951 §3.2.2).
enum HuffmanCodeBuilder {
    /// Sets `lengths[0..<count]` to code lengths of at most `limit` bits for `frequencies[0..<count]`: a
    /// Huffman code, adjusted when it is deeper than the limit. Symbols with frequency zero get no code. The
    /// code is always complete: with fewer than two used symbols, the used one (or symbol 0) and one more symbol
    /// get one-bit codes, which every inflater accepts.
    static func buildLengths(
        frequencies: UnsafePointer<UInt32>, count: Int, limit: Int, into lengths: UnsafeMutablePointer<UInt8>,
        scratch: HuffmanBuilderScratch
    ) {
        lengths.initialize(repeating: 0, count: count)
        let sorted = scratch.keys
        var used = 0
        for symbol in 0..<count where frequencies[symbol] != 0 {
            sorted[used] = UInt64(frequencies[symbol]) << 16 | UInt64(symbol)
            used += 1
        }
        if used < 2 {
            let only = used == 1 ? Int(sorted[0] & 0xFFFF) : 0
            lengths[only] = 1
            lengths[only == 0 ? 1 : 0] = 1
            return
        }
        var leaves = UnsafeMutableBufferPointer(start: sorted, count: used)
        leaves.sort()
        assignLengths(
            sorted: leaves, limit: limit, into: lengths, weights: scratch.nodes,
            parents: scratch.nodes + 2 * HuffmanBuilderScratch.maximumSymbols,
            lengthCounts: scratch.nodes + 4 * HuffmanBuilderScratch.maximumSymbols)
    }

    /// Builds the Huffman tree over `sorted` (frequency << 16 | symbol, ascending) with the two-queue method,
    /// limits the depths to `limit` and hands out the lengths, shortest to the most frequent.
    private static func assignLengths(
        sorted: UnsafeMutableBufferPointer<UInt64>, limit: Int, into lengths: UnsafeMutablePointer<UInt8>,
        weights: UnsafeMutablePointer<UInt32>, parents: UnsafeMutablePointer<UInt32>,
        lengthCounts: UnsafeMutablePointer<UInt32>
    ) {
        // Nodes 0..<n are the leaves in ascending weight; nodes n..<2n-1 are internal, created in
        // ascending weight, so both queues stay sorted.
        let n = sorted.count
        for index in 0..<n { weights[index] = UInt32(truncatingIfNeeded: sorted[index] >> 16) }
        var nextLeaf = 0
        var nextInternal = n
        var created = n
        func takeSmallest() -> Int {
            if nextLeaf < n && (nextInternal == created || weights[nextLeaf] <= weights[nextInternal]) {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextInternal += 1
            return nextInternal - 1
        }
        while created < 2 * n - 1 {
            let first = takeSmallest()
            let second = takeSmallest()
            weights[created] = weights[first] + weights[second]
            parents[first] = UInt32(created)
            parents[second] = UInt32(created)
            created += 1
        }
        // Depths: the root (last node) is at 0; every node is created after its children.
        let root = 2 * n - 2
        weights[root] = 0
        for node in stride(from: root - 1, through: 0, by: -1) { weights[node] = weights[Int(parents[node])] + 1 }

        // Count leaves per depth, clamping to the limit, then restore the Kraft equality: each step removes
        // one unit of code space at the deepest level by turning a shallower leaf into two one level deeper.
        lengthCounts.initialize(repeating: 0, count: limit + 1)
        for leaf in 0..<n { lengthCounts[min(Int(weights[leaf]), limit)] += 1 }
        var space = 0
        for length in 1...limit { space += Int(lengthCounts[length]) << (limit - length) }
        while space > 1 << limit {
            lengthCounts[limit] -= 1
            var length = limit - 1
            while lengthCounts[length] == 0 { length -= 1 }
            lengthCounts[length] -= 1
            lengthCounts[length + 1] += 2
            space -= 1
        }
        // The least frequent symbols get the longest codes.
        var leaf = 0
        for length in stride(from: limit, through: 1, by: -1) {
            for _ in 0..<lengthCounts[length] {
                lengths[Int(sorted[leaf] & 0xFFFF)] = UInt8(length)
                leaf += 1
            }
        }
    }

    /// Sets `codes[0..<count]` to the canonical codes for `lengths` (RFC 1951 §3.2.2), bit-reversed for
    /// least-significant-bit-first output.
    static func buildCodes(lengths: UnsafePointer<UInt8>, count: Int, into codes: UnsafeMutablePointer<UInt16>) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 16) { buffer in
            let next = buffer.baseAddress!
            next.initialize(repeating: 0, count: 16)
            for symbol in 0..<count { next[Int(lengths[symbol])] += 1 }
            next[0] = 0
            var code = 0
            var previousCount = 0
            for length in 1..<16 {
                code = (code + previousCount) << 1
                previousCount = next[length]
                next[length] = code
            }
            for symbol in 0..<count {
                let length = Int(lengths[symbol])
                guard length != 0 else {
                    codes[symbol] = 0
                    continue
                }
                codes[symbol] = UInt16(DeflateFormat.reversed(next[length], count: length))
                next[length] += 1
            }
        }
    }
}
