extension InflaterState {
    /// Decodes one symbol with the bits available, checking each step. Returns false (having consumed
    /// nothing) when the input ran out before the symbol was complete.
    func decodeOneSymbol(into output: inout [UInt8]) throws(InflateError) -> Bool {
        typealias E = HuffmanDecodeEntry
        fill()
        let bits = bitBuffer
        let available = bitCount
        let literalRoot = HuffmanDecodeTable.literalLengthRootBits
        var entry = literalLengthTable[Int(bits & ((1 << UInt64(literalRoot)) - 1))]
        var used = E.bits(entry)
        if E.kind(entry) == E.link {
            let sub = (bits >> UInt64(literalRoot)) & ((1 << UInt64(E.extra(entry))) - 1)
            entry = literalLengthTable[E.value(entry) + Int(sub)]
            used = literalRoot + E.bits(entry)
        }
        guard used <= available else { return false }
        switch E.kind(entry) {
        case E.literal:
            if position == capacity { slide(into: &output) }
            guard position < writeLimit else { throw .outputLimitExceeded(limit: limit) }
            buffer[position] = UInt8(truncatingIfNeeded: E.value(entry))
            position += 1
            consume(used)
        case E.endOfBlock:
            consume(used)
            mode = isFinalBlock ? .streamEnd : .blockHeader
        case E.length:
            let lengthExtra = E.extra(entry)
            guard used + lengthExtra <= available else { return false }
            let length = E.value(entry) + Int((bits >> UInt64(used)) & ((1 << UInt64(lengthExtra)) - 1))
            used += lengthExtra
            let distanceRoot = HuffmanDecodeTable.distanceRootBits
            var distanceEntry = distanceTable[Int((bits >> UInt64(used)) & ((1 << UInt64(distanceRoot)) - 1))]
            var distanceBits = E.bits(distanceEntry)
            if E.kind(distanceEntry) == E.link {
                let sub = (bits >> UInt64(used + distanceRoot)) & ((1 << UInt64(E.extra(distanceEntry))) - 1)
                distanceEntry = distanceTable[E.value(distanceEntry) + Int(sub)]
                distanceBits = distanceRoot + E.bits(distanceEntry)
            }
            guard used + distanceBits <= available else { return false }
            guard E.kind(distanceEntry) == E.distance else { throw .invalidDistanceSymbol }
            used += distanceBits
            let distanceExtra = E.extra(distanceEntry)
            guard used + distanceExtra <= available else { return false }
            let distance =
                E.value(distanceEntry) + Int((bits >> UInt64(used)) & ((1 << UInt64(distanceExtra)) - 1))
            used += distanceExtra
            guard distance <= windowSize && distance <= position else { throw .distanceTooFarBack }
            if position + length > capacity { slide(into: &output) }
            guard position + length <= writeLimit else { throw .outputLimitExceeded(limit: limit) }
            for index in position..<position + length { buffer[index] = buffer[index - distance] }
            position += length
            consume(used)
        default:
            throw .invalidLiteralLengthSymbol
        }
        return true
    }
}
