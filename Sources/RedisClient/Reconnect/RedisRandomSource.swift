/// Random numbers for the back-off's jitter: SplitMix64 from a seed (reproducible), or the system's generator.
struct RedisRandomSource: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private let seeded: Bool

    init(seed: UInt64?) {
        state = seed ?? 0
        seeded = seed != nil
    }

    mutating func next() -> UInt64 {
        guard seeded else {
            var system = SystemRandomNumberGenerator()
            return system.next()
        }
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}
