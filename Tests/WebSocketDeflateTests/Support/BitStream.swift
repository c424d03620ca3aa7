/// Builds hand-made DEFLATE streams bit by bit (least significant bit first, RFC 1951 §3.1.1).
struct BitStream {
    private(set) var bytes: [UInt8] = []
    private var bitCount = 0

    /// Appends the low `count` bits of `value`, least significant first (header fields, extra bits).
    mutating func bits(_ value: Int, _ count: Int) {
        for index in 0..<count {
            if bitCount % 8 == 0 { bytes.append(0) }
            if (value >> index) & 1 == 1 { bytes[bytes.count - 1] |= UInt8(1 << (bitCount % 8)) }
            bitCount += 1
        }
    }

    /// Appends a Huffman code of `count` bits, most significant bit first.
    mutating func code(_ value: Int, _ count: Int) {
        for index in stride(from: count - 1, through: 0, by: -1) { bits((value >> index) & 1, 1) }
    }

    /// Appends the fixed-code literal/length symbol (RFC 1951 §3.2.6).
    mutating func fixedSymbol(_ symbol: Int) {
        switch symbol {
        case 0...143: code(0x30 + symbol, 8)
        case 144...255: code(0x190 + symbol - 144, 9)
        case 256...279: code(symbol - 256, 7)
        default: code(0xC0 + symbol - 280, 8)
        }
    }

    /// Ends a message as a sync flush does, minus the tail the receiver appends (RFC 7692 §7.2.1): the 3 header
    /// bits of an empty stored block, then padding to a byte boundary.
    mutating func endMessage() {
        bits(0, 3)
        align()
    }

    /// Pads with zero bits to a byte boundary.
    mutating func align() { while bitCount % 8 != 0 { bits(0, 1) } }
}
