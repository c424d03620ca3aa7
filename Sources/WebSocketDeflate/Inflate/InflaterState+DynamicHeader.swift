extension InflaterState {
    /// Reads what is available of a dynamic block's header (RFC 1951 §3.2.7) and builds its tables. Returns
    /// true when the header is complete and the block's data follows.
    func readDynamicHeader() throws(InflateError) -> Bool {
        typealias E = HuffmanDecodeEntry
        if mode == .tableSizes {
            guard pull(14) else { return false }
            literalLengthCount = 257 + Int(bitBuffer & 31)
            distanceCount = 1 + Int((bitBuffer >> 5) & 31)
            codeLengthCount = 4 + Int((bitBuffer >> 10) & 15)
            consume(14)
            guard literalLengthCount <= DeflateFormat.literalLengthSymbols,
                distanceCount <= DeflateFormat.distanceSymbols
            else { throw .tooManySymbols }
            lengthIndex = 0
            mode = .codeLengthLengths
        }
        if mode == .codeLengthLengths {
            while lengthIndex < codeLengthCount {
                guard pull(3) else { return false }
                lengths[DeflateFormat.codeLengthOrder[lengthIndex]] = UInt8(bitBuffer & 7)
                consume(3)
                lengthIndex += 1
            }
            for index in codeLengthCount..<19 { lengths[DeflateFormat.codeLengthOrder[index]] = 0 }
            tablesAreFixed = false
            guard
                HuffmanDecodeTable.build(
                    lengths: lengths, count: 19, alphabet: .codeLength,
                    rootBits: HuffmanDecodeTable.codeLengthRootBits, into: literalLengthTable,
                    capacity: HuffmanDecodeTable.literalLengthCapacity, scratch: tableScratch)
            else { throw .invalidCodeLengths }
            lengthIndex = 0
            mode = .codeLengths
        }
        let total = literalLengthCount + distanceCount
        while lengthIndex < total {
            fill()
            let entry = literalLengthTable[Int(bitBuffer & 127)]
            let bits = E.bits(entry)
            guard bits <= bitCount else { return false }
            guard E.kind(entry) == E.symbol else { throw .invalidCodeLengths }
            let symbol = E.value(entry)
            if symbol < 16 {
                lengths[lengthIndex] = UInt8(symbol)
                lengthIndex += 1
                consume(bits)
                continue
            }
            let extraBits = symbol == 16 ? 2 : symbol == 17 ? 3 : 7
            guard bits + extraBits <= bitCount else { return false }
            let extra = Int((bitBuffer >> UInt64(bits)) & ((1 << UInt64(extraBits)) - 1))
            let count = (symbol == 18 ? 11 : 3) + extra
            var repeated: UInt8 = 0
            if symbol == 16 {
                guard lengthIndex > 0 else { throw .invalidRepeat }
                repeated = lengths[lengthIndex - 1]
            }
            guard lengthIndex + count <= total else { throw .invalidRepeat }
            (lengths + lengthIndex).update(repeating: repeated, count: count)
            lengthIndex += count
            consume(bits + extraBits)
        }
        guard lengths[DeflateFormat.endOfBlock] != 0 else { throw .missingEndOfBlock }
        guard
            HuffmanDecodeTable.build(
                lengths: lengths, count: literalLengthCount, alphabet: .literalLength,
                rootBits: HuffmanDecodeTable.literalLengthRootBits, into: literalLengthTable,
                capacity: HuffmanDecodeTable.literalLengthCapacity, scratch: tableScratch),
            HuffmanDecodeTable.build(
                lengths: lengths + literalLengthCount, count: distanceCount, alphabet: .distance,
                rootBits: HuffmanDecodeTable.distanceRootBits, into: distanceTable,
                capacity: HuffmanDecodeTable.distanceCapacity, scratch: tableScratch)
        else { throw .invalidCodeLengths }
        mode = .huffmanData
        return true
    }
}
