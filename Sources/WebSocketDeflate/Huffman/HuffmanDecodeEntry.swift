/// The layout of one entry of a Huffman decoding table, packed in a `UInt32`:
///
/// - bits 0–4: how many bits the entry's code occupies (for a sub-table link: the root bits),
/// - bits 5–7: the kind (`invalid`, `literal`, `length`, `endOfBlock`, `link`, `distance`, `symbol`),
/// - bits 8–11: extra bits that follow the code (for a link: the sub-table's index bits),
/// - bits 16–31: the value (literal byte, base length or distance, code-length symbol, sub-table offset).
enum HuffmanDecodeEntry {
    static let invalid: UInt32 = 0
    static let literal: UInt32 = 1
    static let length: UInt32 = 2
    static let endOfBlock: UInt32 = 3
    static let link: UInt32 = 4
    static let distance: UInt32 = 5
    static let symbol: UInt32 = 6

    /// An entry of `kind` for a code of `bits` bits followed by `extra` extra bits, carrying `value`.
    @inline(__always)
    static func make(kind: UInt32, bits: Int, extra: Int = 0, value: Int = 0) -> UInt32 {
        UInt32(truncatingIfNeeded: bits) | kind << 5 | UInt32(truncatingIfNeeded: extra) << 8
            | UInt32(truncatingIfNeeded: value) << 16
    }

    /// The number of code bits.
    @inline(__always)
    static func bits(_ entry: UInt32) -> Int { Int(truncatingIfNeeded: entry & 31) }

    /// The kind.
    @inline(__always)
    static func kind(_ entry: UInt32) -> UInt32 { (entry >> 5) & 7 }

    /// The number of extra bits (or sub-table index bits).
    @inline(__always)
    static func extra(_ entry: UInt32) -> Int { Int(truncatingIfNeeded: (entry >> 8) & 15) }

    /// The value.
    @inline(__always)
    static func value(_ entry: UInt32) -> Int { Int(truncatingIfNeeded: entry >> 16) }
}
