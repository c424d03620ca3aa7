/// The three alphabets of DEFLATE (RFC 1951 §3.2.5, §3.2.7), which decide what a decoded symbol means.
enum HuffmanAlphabet {
    /// Literals 0–255, end of block 256, lengths 257–285 (286 and 287 exist only in the fixed code and are
    /// invalid in data).
    case literalLength
    /// Distances 0–29 (30 and 31 exist only in the fixed code and are invalid in data).
    case distance
    /// The code-length alphabet 0–18 of a dynamic block header.
    case codeLength

    /// The table entry, without its code length, for `symbol`.
    func entry(for symbol: Int) -> UInt32 {
        typealias E = HuffmanDecodeEntry
        switch self {
        case .literalLength:
            if symbol < 256 { return E.make(kind: E.literal, bits: 0, value: symbol) }
            if symbol == 256 { return E.make(kind: E.endOfBlock, bits: 0) }
            if symbol < 286 {
                let index = symbol - 257
                return E.make(
                    kind: E.length, bits: 0, extra: Int(DeflateFormat.lengthExtraBits[index]),
                    value: Int(DeflateFormat.lengthBase[index]))
            }
            return E.invalid
        case .distance:
            if symbol < 30 {
                return E.make(
                    kind: E.distance, bits: 0, extra: Int(DeflateFormat.distanceExtraBits[symbol]),
                    value: Int(DeflateFormat.distanceBase[symbol]))
            }
            return E.invalid
        case .codeLength:
            return E.make(kind: E.symbol, bits: 0, value: symbol)
        }
    }

    /// Whether an incomplete set of code lengths is acceptable: a single code of one bit for the
    /// literal/length and distance alphabets (as zlib accepts); never for the code-length alphabet.
    var acceptsSingleCode: Bool { self != .codeLength }
}
