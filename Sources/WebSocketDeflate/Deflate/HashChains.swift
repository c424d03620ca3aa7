/// Hashing of 3-byte strings and the search along a hash chain for the longest match (LZ77, RFC 1951 §4).
enum HashChains {
    /// The hash of the 3 bytes at `bytes` (reads 4 bytes), in `bits` bits.
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, bits: Int) -> Int {
        let word = UnsafeRawPointer(bytes).loadUnaligned(as: UInt32.self).littleEndian & 0x00FF_FFFF
        return Int(truncatingIfNeeded: (word &* 0x9E37_79B1) &>> UInt32(32 - bits))
    }

    /// The length of the common prefix of `a` and `b`, at most `limit` (reads up to 7 bytes past `limit`).
    @inline(__always)
    static func commonLength(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, limit: Int) -> Int {
        var length = 0
        while length < limit {
            let difference = UnsafeRawPointer(a + length).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(b + length).loadUnaligned(as: UInt64.self)
            if difference != 0 {
                length &+= UInt64(littleEndian: difference).trailingZeroBitCount &>> 3
                return min(length, limit)
            }
            length &+= 8
        }
        return limit
    }

    /// Follows the chain from `candidate` for a match at `current` longer than `best`, looking at most
    /// `chainLength` candidates no further back than `limit` (exclusive). Returns the best length and where
    /// that match starts (`bestStart` when nothing longer was found).
    @inline(__always)
    static func longestMatch(
        window: UnsafeMutablePointer<UInt8>, prev: UnsafeMutablePointer<UInt16>, windowMask: Int,
        current: Int, candidate: Int, best: Int, bestStart: Int, maximumLength: Int, niceLength: Int,
        limit: Int, chainLength: Int
    ) -> (length: Int, start: Int) {
        var bestLength = best
        var start = bestStart
        guard bestLength < maximumLength else { return (bestLength, start) }
        let scan = UnsafePointer(window + current)
        var candidate = candidate
        var chain = chainLength
        // The two bytes ending at the current best length must match for a longer match.
        var endPair = UnsafeRawPointer(scan + bestLength - 1).loadUnaligned(as: UInt16.self)
        let firstPair = UnsafeRawPointer(scan).loadUnaligned(as: UInt16.self)
        repeat {
            let match = UnsafePointer(window + candidate)
            if UnsafeRawPointer(match + bestLength - 1).loadUnaligned(as: UInt16.self) == endPair,
                UnsafeRawPointer(match).loadUnaligned(as: UInt16.self) == firstPair
            {
                let length = commonLength(scan, match, limit: maximumLength)
                if length > bestLength {
                    bestLength = length
                    start = candidate
                    if length >= niceLength { break }
                    endPair = UnsafeRawPointer(scan + bestLength - 1).loadUnaligned(as: UInt16.self)
                }
            }
            candidate = Int(prev[candidate & windowMask])
            chain &-= 1
        } while candidate > limit && chain != 0
        return (bestLength, start)
    }
}
