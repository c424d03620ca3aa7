// Damage done to a valid byte stream, so the decoder meets inputs that are almost right.

extension Generate {
    /// `bytes` with one to four random mutations: a bit flipped, a byte replaced, random bytes inserted, a range
    /// deleted or duplicated, the end cut off, or a length field rewritten to the 16- or 64-bit marker.
    public static func mutated(_ bytes: [UInt8], using g: inout Xorshift64Star) -> [UInt8] {
        var out = bytes
        for _ in 0..<g.int(in: 1...4) {
            let index = out.isEmpty ? 0 : g.int(in: 0..<out.count)
            switch g.below(7) {
            case 0 where !out.isEmpty:
                out[index] ^= 1 << UInt8(g.below(8))
            case 1 where !out.isEmpty:
                out[index] = g.byte()
            case 2:
                out.insert(contentsOf: g.bytes(count: g.int(in: 1...16)), at: out.isEmpty ? 0 : index)
            case 3 where !out.isEmpty:
                out.removeSubrange(index..<min(out.count, index + g.int(in: 1...16)))
            case 4 where !out.isEmpty:
                let end = min(out.count, index + g.int(in: 1...32))
                out.insert(contentsOf: out[index..<end], at: end)
            case 5 where !out.isEmpty:
                out.removeSubrange(g.int(in: 0..<out.count)...)
            default:
                if !out.isEmpty { out[index] = (out[index] & 0x80) | g.element(of: [126, 127] as [UInt8]) }
            }
        }
        return out
    }
}
