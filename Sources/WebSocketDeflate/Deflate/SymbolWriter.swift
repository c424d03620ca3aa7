/// Writes a block's symbols with given codes, then its end-of-block code (RFC 1951 §3.2.5).
enum SymbolWriter {
    /// Writes `symbols[0..<count]` and the end-of-block symbol. `lengths`/`codes` hold the literal/length
    /// code at 0 and the distance code at `distanceOffset`.
    static func write(
        symbols: UnsafePointer<UInt32>, count: Int, lengths: UnsafePointer<UInt8>, codes: UnsafePointer<UInt16>,
        distanceOffset: Int, to writer: inout BitWriter
    ) {
        let distanceLengths = lengths + distanceOffset
        let distanceCodes = codes + distanceOffset
        for index in 0..<count {
            let symbol = symbols[index]
            let distance = Int(truncatingIfNeeded: symbol >> 16)
            if distance == 0 {
                let literal = Int(truncatingIfNeeded: symbol)
                writer.write(UInt32(codes[literal]), length: Int(lengths[literal]))
                continue
            }
            let length = Int(truncatingIfNeeded: symbol & 0xFFFF) &+ 3
            let lengthSymbol = DeflateFormat.lengthSymbol(length)
            let lengthIndex = lengthSymbol &- 257
            let lengthExtra = Int(DeflateFormat.lengthExtraBits[lengthIndex])
            let lengthBits = UInt32(codes[lengthSymbol])
                | UInt32(truncatingIfNeeded: length &- Int(DeflateFormat.lengthBase[lengthIndex]))
                    &<< UInt32(lengths[lengthSymbol])
            writer.write(lengthBits, length: Int(lengths[lengthSymbol]) &+ lengthExtra)
            let distanceSymbol = DeflateFormat.distanceSymbol(distance)
            let distanceExtra = Int(DeflateFormat.distanceExtraBits[distanceSymbol])
            let distanceBits = UInt32(distanceCodes[distanceSymbol])
                | UInt32(truncatingIfNeeded: distance &- Int(DeflateFormat.distanceBase[distanceSymbol]))
                    &<< UInt32(distanceLengths[distanceSymbol])
            writer.write(distanceBits, length: Int(distanceLengths[distanceSymbol]) &+ distanceExtra)
        }
        writer.write(UInt32(codes[DeflateFormat.endOfBlock]), length: Int(lengths[DeflateFormat.endOfBlock]))
    }
}
