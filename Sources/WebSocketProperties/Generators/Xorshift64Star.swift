/// A small, fast, seedable pseudo-random generator: xorshift64* (Vigna, "An experimental exploration of
/// Marsaglia's xorshift generators, scrambled", ACM Transactions on Mathematical Software 42(4), 2016; the
/// xorshift core is from Marsaglia, "Xorshift RNGs", Journal of Statistical Software 8(14), 2003).
///
/// The state is one non-zero 64-bit word, advanced by the shifts (12, 25, 27) and scrambled on output by the
/// multiplier 0x2545F4914F6CDD1D; the period is 2^64 − 1. It is *not* cryptographic: the property suite uses it
/// because it is reproducible. Every operation is defined on fixed-width integers with wrapping arithmetic and
/// explicit byte order, so a seed yields the same sequence on every platform and Swift version (the range
/// helpers in `Xorshift64Star+Helpers.swift` do their own reduction rather than the standard library's).
public struct Xorshift64Star: RandomNumberGenerator, Sendable, Hashable {
    /// The state that a zero seed maps to (xorshift's state must never be zero): the 64-bit golden ratio.
    public static let zeroSeedState: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The current state; never zero.
    public private(set) var state: UInt64

    /// A generator whose state is `seed`, or `zeroSeedState` when `seed` is zero.
    public init(seed: UInt64) {
        state = seed == 0 ? Self.zeroSeedState : seed
    }

    /// The generator for one iteration of a property run: its state is derived from `(seed, iteration)` with the
    /// SplitMix64 finaliser, so every iteration has an independent, replayable stream.
    public init(seed: UInt64, iteration: Int) {
        let mixedIteration = Self.mix(UInt64(truncatingIfNeeded: iteration) &+ Self.zeroSeedState)
        self.init(seed: Self.mix(seed ^ mixedIteration))
    }

    /// The SplitMix64 output function (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
    /// OOPSLA 2014): a bijective 64-bit mixer that spreads every input bit over the whole output.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state ^= state &>> 12
        state ^= state &<< 25
        state ^= state &>> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
