// The word-at-a-time XOR loop behind `MaskingKey.apply`: 64 bytes per iteration as four 16-byte vectors,
// then 8-byte words, then single bytes. Loads and stores are unaligned, so any address and length work.

extension MaskingKey {
    /// The key repeated twice as a 64-bit word whose in-memory bytes are key bytes `phase`, `phase+1`, … (mod 4).
    @inlinable
    @inline(__always)
    internal func _pattern(phase: Int) -> UInt64 {
        let k = UInt32(b0) | UInt32(b1) &<< 8 | UInt32(b2) &<< 16 | UInt32(b3) &<< 24
        // Rotating the little-endian key right by 8·phase starts it at key byte `phase`.
        let shift = UInt32(truncatingIfNeeded: phase &* 8)
        let r = (k &>> shift) | (k &<< ((32 &- shift) & 31))
        let word = UInt64(r) | UInt64(r) &<< 32
        return UInt64(littleEndian: word)
    }

    /// XORs `count` bytes from `source` into `destination` (equal or disjoint) starting at key byte `phase`;
    /// returns `(phase + count) & 3`.
    @inlinable
    @inline(__always)
    internal func _xor(
        from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count: Int, phase: Int
    ) -> Int {
        let word = _pattern(phase: phase)
        let vector = unsafeBitCast(SIMD2<UInt64>(word, word), to: SIMD16<UInt8>.self)
        var i = 0
        while count &- i >= 64 {
            let v0 = source.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let v1 = source.loadUnaligned(fromByteOffset: i &+ 16, as: SIMD16<UInt8>.self)
            let v2 = source.loadUnaligned(fromByteOffset: i &+ 32, as: SIMD16<UInt8>.self)
            let v3 = source.loadUnaligned(fromByteOffset: i &+ 48, as: SIMD16<UInt8>.self)
            destination.storeBytes(of: v0 ^ vector, toByteOffset: i, as: SIMD16<UInt8>.self)
            destination.storeBytes(of: v1 ^ vector, toByteOffset: i &+ 16, as: SIMD16<UInt8>.self)
            destination.storeBytes(of: v2 ^ vector, toByteOffset: i &+ 32, as: SIMD16<UInt8>.self)
            destination.storeBytes(of: v3 ^ vector, toByteOffset: i &+ 48, as: SIMD16<UInt8>.self)
            i &+= 64
        }
        while count &- i >= 8 {
            let w = source.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            destination.storeBytes(of: w ^ word, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        // Fewer than 8 bytes remain; the pattern is still aligned to `i` because `i` is a multiple of 8.
        var rest = UInt64(littleEndian: word)
        while i < count {
            let b = source.load(fromByteOffset: i, as: UInt8.self)
            destination.storeBytes(of: b ^ UInt8(truncatingIfNeeded: rest), toByteOffset: i, as: UInt8.self)
            rest &>>= 8
            i &+= 1
        }
        return (phase &+ count) & 3
    }
}
