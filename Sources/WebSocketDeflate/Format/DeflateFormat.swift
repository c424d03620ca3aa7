/// Constants of the DEFLATE format (RFC 1951 §3.2.5–§3.2.7) shared by the encoder and the decoder.
enum DeflateFormat {
    /// The shortest match (RFC 1951 §3.2.5).
    static let minimumMatch = 3
    /// The longest match.
    static let maximumMatch = 258
    /// The longest Huffman code for literals/lengths and distances.
    static let maximumCodeLength = 15
    /// The longest code of the code-length alphabet.
    static let maximumCodeLengthCodeLength = 7
    /// Literal/length symbols that may appear in a dynamic block's header (0–285).
    static let literalLengthSymbols = 286
    /// Distance symbols that may appear in a dynamic block's header (0–29).
    static let distanceSymbols = 30
    /// The end-of-block symbol.
    static let endOfBlock = 256

    /// Base match length of length symbols 257...285.
    static let lengthBase: [UInt16] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
        35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    /// Extra bits of length symbols 257...285.
    static let lengthExtraBits: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
        3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    /// Base distance of distance symbols 0...29.
    static let distanceBase: [UInt16] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
        257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    /// Extra bits of distance symbols 0...29.
    static let distanceExtraBits: [UInt8] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
        7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    /// The order in which a dynamic header lists the code lengths of the code-length alphabet.
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// The fixed literal/length code lengths of BTYPE 01 (RFC 1951 §3.2.6), for all 288 symbols.
    static let fixedLiteralLengthLengths: [UInt8] =
        Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
        + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8)
    /// The fixed distance code lengths of BTYPE 01, for all 32 symbols.
    static let fixedDistanceLengths: [UInt8] = Array(repeating: 5, count: 32)

    /// The length symbol (257...285) for a match length of 3...258.
    @inline(__always)
    static func lengthSymbol(_ length: Int) -> Int {
        if length == 258 { return 285 }
        let x = length - 3
        if x < 8 { return 257 + x }
        let log = Int.bitWidth - 1 - x.leadingZeroBitCount
        return 257 + 4 * (log - 1) + ((x >> (log - 2)) & 3)
    }

    /// The distance symbol (0...29) for a distance of 1...32768.
    @inline(__always)
    static func distanceSymbol(_ distance: Int) -> Int {
        let x = distance - 1
        if x < 4 { return x }
        let log = Int.bitWidth - 1 - x.leadingZeroBitCount
        return 2 * log + ((x >> (log - 1)) & 1)
    }

    /// The lowest `count` bits of `code`, in reverse order (Huffman codes are sent most significant bit
    /// first inside a least-significant-bit-first stream, RFC 1951 §3.1.1).
    @inline(__always)
    static func reversed(_ code: Int, count: Int) -> Int {
        Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: code).bitReversed() >> UInt32(32 - count))
    }
}

extension UInt32 {
    /// The bits in reverse order.
    @inline(__always)
    func bitReversed() -> UInt32 {
        var v = self
        v = ((v >> 1) & 0x5555_5555) | ((v & 0x5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333) | ((v & 0x3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F) | ((v & 0x0F0F_0F0F) << 4)
        return v.byteSwapped
    }
}
