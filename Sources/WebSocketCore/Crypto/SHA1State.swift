/// The SHA-1 chaining state H0…H4 and the compression function (FIPS 180-4 §6.1.2).
///
/// Blocks are read straight from raw memory with big-endian 32-bit loads; the 80-word message schedule is kept
/// as a 16-word ring in a stack buffer and the rounds rotate the roles of a…e instead of moving values.
struct SHA1State: Sendable {
    private var h0: UInt32 = 0x6745_2301
    private var h1: UInt32 = 0xEFCD_AB89
    private var h2: UInt32 = 0x98BA_DCFE
    private var h3: UInt32 = 0x1032_5476
    private var h4: UInt32 = 0xC3D2_E1F0

    /// The round constants K for rounds 0–19, 20–39, 40–59 and 60–79.
    private static let k0: UInt32 = 0x5A82_7999
    private static let k1: UInt32 = 0x6ED9_EBA1
    private static let k2: UInt32 = 0x8F1B_BCDC
    private static let k3: UInt32 = 0xCA62_C1D6

    /// Compresses `count` consecutive 64-byte blocks starting at `start` into the state.
    mutating func compress(blocksAt start: UnsafeRawPointer, count: Int) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { ring in
            let w = ring.baseAddress!
            var block = start
            for _ in 0..<count {
                compressBlock(block, schedule: w)
                block += SHA1.blockByteCount
            }
        }
    }

    /// The digest: H0…H4 as big-endian bytes.
    func digest() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(SHA1.digestByteCount)
        for word in [h0, h1, h2, h3, h4] {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    @inline(__always)
    private mutating func compressBlock(_ block: UnsafeRawPointer, schedule w: UnsafeMutablePointer<UInt32>) {
        for index in 0..<16 {
            w[index] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
        }
        var a = h0, b = h1, c = h2, d = h3, e = h4

        // Rounds 0–15 use the message words as loaded.
        var t = 0
        while t < 15 {
            Self.step(a, &b, &e, Self.choose(b, c, d) &+ Self.k0 &+ w[t])
            Self.step(e, &a, &d, Self.choose(a, b, c) &+ Self.k0 &+ w[t &+ 1])
            Self.step(d, &e, &c, Self.choose(e, a, b) &+ Self.k0 &+ w[t &+ 2])
            Self.step(c, &d, &b, Self.choose(d, e, a) &+ Self.k0 &+ w[t &+ 3])
            Self.step(b, &c, &a, Self.choose(c, d, e) &+ Self.k0 &+ w[t &+ 4])
            t &+= 5
        }
        // Round 15 uses a loaded word, rounds 16–19 the first expanded ones.
        Self.step(a, &b, &e, Self.choose(b, c, d) &+ Self.k0 &+ w[15])
        Self.step(e, &a, &d, Self.choose(a, b, c) &+ Self.k0 &+ Self.expand(w, 16))
        Self.step(d, &e, &c, Self.choose(e, a, b) &+ Self.k0 &+ Self.expand(w, 17))
        Self.step(c, &d, &b, Self.choose(d, e, a) &+ Self.k0 &+ Self.expand(w, 18))
        Self.step(b, &c, &a, Self.choose(c, d, e) &+ Self.k0 &+ Self.expand(w, 19))

        t = 20
        while t < 40 {
            Self.step(a, &b, &e, (b ^ c ^ d) &+ Self.k1 &+ Self.expand(w, t))
            Self.step(e, &a, &d, (a ^ b ^ c) &+ Self.k1 &+ Self.expand(w, t &+ 1))
            Self.step(d, &e, &c, (e ^ a ^ b) &+ Self.k1 &+ Self.expand(w, t &+ 2))
            Self.step(c, &d, &b, (d ^ e ^ a) &+ Self.k1 &+ Self.expand(w, t &+ 3))
            Self.step(b, &c, &a, (c ^ d ^ e) &+ Self.k1 &+ Self.expand(w, t &+ 4))
            t &+= 5
        }
        while t < 60 {
            Self.step(a, &b, &e, Self.majority(b, c, d) &+ Self.k2 &+ Self.expand(w, t))
            Self.step(e, &a, &d, Self.majority(a, b, c) &+ Self.k2 &+ Self.expand(w, t &+ 1))
            Self.step(d, &e, &c, Self.majority(e, a, b) &+ Self.k2 &+ Self.expand(w, t &+ 2))
            Self.step(c, &d, &b, Self.majority(d, e, a) &+ Self.k2 &+ Self.expand(w, t &+ 3))
            Self.step(b, &c, &a, Self.majority(c, d, e) &+ Self.k2 &+ Self.expand(w, t &+ 4))
            t &+= 5
        }
        while t < 80 {
            Self.step(a, &b, &e, (b ^ c ^ d) &+ Self.k3 &+ Self.expand(w, t))
            Self.step(e, &a, &d, (a ^ b ^ c) &+ Self.k3 &+ Self.expand(w, t &+ 1))
            Self.step(d, &e, &c, (e ^ a ^ b) &+ Self.k3 &+ Self.expand(w, t &+ 2))
            Self.step(c, &d, &b, (d ^ e ^ a) &+ Self.k3 &+ Self.expand(w, t &+ 3))
            Self.step(b, &c, &a, (c ^ d ^ e) &+ Self.k3 &+ Self.expand(w, t &+ 4))
            t &+= 5
        }

        h0 &+= a
        h1 &+= b
        h2 &+= c
        h3 &+= d
        h4 &+= e
    }

    /// One round with the roles rotated: `e += ROTL5(a) + f + K + W` and `b = ROTL30(b)`, where `fkw` is
    /// f(b, c, d) + K + W, computed by the caller before `b` is rotated.
    @inline(__always)
    private static func step(_ a: UInt32, _ b: inout UInt32, _ e: inout UInt32, _ fkw: UInt32) {
        e = e &+ rotateLeft(a, by: 5) &+ fkw
        b = rotateLeft(b, by: 30)
    }

    /// Message schedule word `t` ≥ 16 (FIPS 180-4 §6.1.2 step 1), computed into the 16-word ring.
    @inline(__always)
    private static func expand(_ w: UnsafeMutablePointer<UInt32>, _ t: Int) -> UInt32 {
        let word = rotateLeft(w[(t &- 3) & 15] ^ w[(t &- 8) & 15] ^ w[(t &- 14) & 15] ^ w[t & 15], by: 1)
        w[t & 15] = word
        return word
    }

    /// Ch(x, y, z) = (x ∧ y) ⊕ (¬x ∧ z).
    @inline(__always)
    private static func choose(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        z ^ (x & (y ^ z))
    }

    /// Maj(x, y, z) = (x ∧ y) ⊕ (x ∧ z) ⊕ (y ∧ z).
    @inline(__always)
    private static func majority(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        (x & y) | (z & (x | y))
    }

    @inline(__always)
    private static func rotateLeft(_ x: UInt32, by n: UInt32) -> UInt32 {
        (x &<< n) | (x &>> (32 &- n))
    }
}
