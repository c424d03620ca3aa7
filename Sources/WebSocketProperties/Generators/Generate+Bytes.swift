// Byte strings: random bytes, and UTF-8 that is valid or, now and then, broken in one of the ways RFC 3629 forbids.

extension Generate {
    /// Random bytes, of a length biased towards short strings (at most `maximumCount`).
    public static func bytes(maximumCount: Int, using g: inout Xorshift64Star) -> [UInt8] {
        let count = g.oneIn(4) ? g.int(in: 0...maximumCount) : g.int(in: 0...min(maximumCount, 16))
        return g.bytes(count: count)
    }

    /// One Unicode scalar from a random UTF-8 length class (1 to 4 bytes), or one of the class boundaries
    /// (U+007F, U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFD, U+FFFF, U+10000, U+10FFFF).
    public static func scalar(using g: inout Xorshift64Star) -> Unicode.Scalar {
        let value: UInt32
        switch g.below(6) {
        case 0, 1: value = UInt32(g.below(0x80))
        case 2: value = UInt32(g.uint64(in: 0x80...0x7FF))
        case 3:
            let v = UInt32(g.uint64(in: 0x800...0xFFFF - 0x800))
            value = v >= 0xD800 ? v + 0x800 : v  // skip the surrogates
        case 4: value = UInt32(g.uint64(in: 0x1_0000...0x10_FFFF))
        default:
            value = g.element(of: [0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x1_0000, 0x10_FFFF] as [UInt32])
        }
        return Unicode.Scalar(value).unsafelyUnwrapped
    }

    /// Valid UTF-8 of up to `maximumScalars` scalars.
    public static func validUTF8(maximumScalars: Int, using g: inout Xorshift64Star) -> [UInt8] {
        var out: [UInt8] = []
        let count = g.int(in: 0...maximumScalars)
        for _ in 0..<count {
            UTF8.encode(scalar(using: &g)) { out.append($0) }
        }
        return out
    }

    /// Bytes that RFC 3629 forbids somewhere: a lone continuation byte, an impossible lead (C0, C1, F5–FF), an
    /// overlong form, a surrogate, a code point above U+10FFFF, or a truncated sequence.
    public static func invalidUTF8Piece(using g: inout Xorshift64Star) -> [UInt8] {
        let continuation = { (g: inout Xorshift64Star) -> UInt8 in UInt8(g.uint64(in: 0x80...0xBF)) }
        switch g.below(7) {
        case 0: return [continuation(&g)]
        case 1: return [g.element(of: [0xC0, 0xC1, 0xF5, 0xF8, 0xFE, 0xFF] as [UInt8]), continuation(&g)]
        case 2: return [0xE0, UInt8(g.uint64(in: 0x80...0x9F)), continuation(&g)]  // overlong 3-byte
        case 3: return [0xF0, UInt8(g.uint64(in: 0x80...0x8F)), continuation(&g), continuation(&g)]  // overlong 4-byte
        case 4: return [0xED, UInt8(g.uint64(in: 0xA0...0xBF)), continuation(&g)]  // surrogate
        case 5: return [0xF4, UInt8(g.uint64(in: 0x90...0xBF)), continuation(&g), continuation(&g)]  // > U+10FFFF
        default:
            let lead = g.element(of: [[0xC3], [0xE2, 0x82], [0xE2], [0xF0, 0x9F, 0x98], [0xF4, 0x8F]] as [[UInt8]])
            return lead  // a sequence cut short (invalid when followed by a non-continuation or the end)
        }
    }

    /// Valid UTF-8 that, one time in three, has been corrupted: an invalid piece inserted, a byte replaced by a
    /// random one, a byte deleted, or the end cut off.
    public static func mostlyValidUTF8(maximumScalars: Int, using g: inout Xorshift64Star) -> [UInt8] {
        var bytes = validUTF8(maximumScalars: maximumScalars, using: &g)
        guard g.oneIn(3) else { return bytes }
        switch g.below(4) {
        case 0:
            bytes.insert(contentsOf: invalidUTF8Piece(using: &g), at: g.int(in: 0...bytes.count))
        case 1 where !bytes.isEmpty:
            bytes[g.int(in: 0..<bytes.count)] = g.byte()
        case 2 where !bytes.isEmpty:
            bytes.remove(at: g.int(in: 0..<bytes.count))
        case 3 where !bytes.isEmpty:
            bytes.removeLast(g.int(in: 1...min(3, bytes.count)))
        default:
            bytes.append(contentsOf: invalidUTF8Piece(using: &g))
        }
        return bytes
    }

    /// A byte string for UTF-8 checks: random bytes (a sixth of the time) or mostly valid UTF-8.
    public static func utf8Candidate(maximumScalars: Int, using g: inout Xorshift64Star) -> [UInt8] {
        if g.oneIn(6) { return bytes(maximumCount: maximumScalars * 2, using: &g) }
        return mostlyValidUTF8(maximumScalars: maximumScalars, using: &g)
    }
}
