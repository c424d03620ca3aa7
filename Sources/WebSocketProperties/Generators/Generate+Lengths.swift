// Payload lengths that visit every length class of RFC 6455 §5.2 (7-bit, 16-bit, 64-bit) and their boundaries.

extension Generate {
    /// The lengths at the edges of the length classes: 0, 1, the last 7-bit length (125), the two 7-bit markers
    /// taken as lengths (126, 127), the last 16-bit length (65535) and the first 64-bit one (65536).
    public static let lengthBoundaries: [UInt64] = [0, 1, 125, 126, 127, 65_535, 65_536]

    /// Header-only lengths beyond what a test can allocate: around 2^32 and up to the largest legal 2^63 − 1.
    public static let largeLengthBoundaries: [UInt64] = [
        65_537, 0xFFFF_FFFF, 0x1_0000_0000, 0x1_0000_0001, UInt64(Int64.max) - 1, UInt64(Int64.max),
    ]

    /// A payload length in `0...maximum`: a third of the time a boundary length, otherwise a random length of a
    /// random class (7-bit, 16-bit or 64-bit), each clamped to `maximum`.
    public static func payloadLength(maximum: Int, using g: inout Xorshift64Star) -> Int {
        precondition(maximum >= 0, "negative maximum length")
        let top = UInt64(maximum)
        if g.oneIn(3) {
            let candidates = lengthBoundaries.filter { $0 <= top }
            return Int(g.element(of: candidates))
        }
        let length: UInt64
        switch g.below(6) {
        case 0, 1, 2: length = g.uint64(in: 0...min(125, top))
        case 3, 4: length = top < 126 ? g.uint64(in: 0...top) : g.uint64(in: 126...min(65_535, top))
        default: length = top < 65_536 ? g.uint64(in: 0...top) : g.uint64(in: 65_536...top)
        }
        return Int(length)
    }

    /// A length for header-only checks, anywhere in `0...2^63 − 1`: a boundary (small or large) half of the time,
    /// otherwise a random length in a random class, including lengths above 2^32.
    public static func headerLength(using g: inout Xorshift64Star) -> UInt64 {
        if g.bool() {
            return g.element(of: lengthBoundaries + largeLengthBoundaries)
        }
        switch g.below(5) {
        case 0: return g.uint64(in: 0...125)
        case 1: return g.uint64(in: 126...65_535)
        case 2: return g.uint64(in: 65_536...0xFFFF_FFFF)
        case 3: return g.uint64(in: 0x1_0000_0000...UInt64(Int64.max))
        default: return UInt64(Int64.max) >> g.below(63)
        }
    }
}
