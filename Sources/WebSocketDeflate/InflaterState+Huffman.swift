extension InflaterState {
    /// Decodes symbols while at least 8 input bytes and 258 bytes of output room remain, sliding the buffer
    /// when the room runs out. Returns when a block ends, or near the end of the input or of the output limit
    /// (the symbol-at-a-time decoder takes over there).
    ///
    /// One refill gives at least 56 bits, enough for the longest symbol: a 15-bit length code, 5 extra bits,
    /// a 15-bit distance code and 13 extra bits.
    func decodeFast(into output: inout [UInt8]) throws(InflateError) {
        typealias E = HuffmanDecodeEntry
        let literalLengths = literalLengthTable
        let distances = distanceTable
        let out = buffer
        let window = windowSize
        let literalMask: UInt64 = (1 << UInt64(HuffmanDecodeTable.literalLengthRootBits)) - 1
        let distanceMask: UInt64 = (1 << UInt64(HuffmanDecodeTable.distanceRootBits)) - 1
        while true {
            guard inputEnd - inputNext >= 8 else { return }
            var next = inputNext
            let lastRefill = inputEnd - 8
            let stop = min(capacity, writeLimit) - DeflateFormat.maximumMatch
            var pos = position
            var bits = bitBuffer
            var count = UInt64(bitCount)
            var blockEnded = false
            defer {
                inputNext = next
                bitBuffer = bits & ((1 &<< count) &- 1)
                bitCount = Int(count)
                position = pos
            }
            while next <= lastRefill && pos <= stop {
                bits |= UInt64(littleEndian: UnsafeRawPointer(next).loadUnaligned(as: UInt64.self)) &<< count
                next += Int(truncatingIfNeeded: (63 &- count) &>> 3)
                count |= 56

                var entry = literalLengths[Int(truncatingIfNeeded: bits & literalMask)]
                if E.kind(entry) == E.link {
                    bits &>>= UInt64(HuffmanDecodeTable.literalLengthRootBits)
                    count &-= UInt64(HuffmanDecodeTable.literalLengthRootBits)
                    let subMask = (1 &<< UInt64(E.extra(entry))) &- 1
                    entry = literalLengths[E.value(entry) &+ Int(truncatingIfNeeded: bits & subMask)]
                }
                bits &>>= UInt64(entry & 31)
                count &-= UInt64(entry & 31)
                let kind = E.kind(entry)
                if kind == E.literal {
                    out[pos] = UInt8(truncatingIfNeeded: entry >> 16)
                    pos &+= 1
                    continue
                }
                guard kind == E.length else {
                    if kind == E.endOfBlock {
                        blockEnded = true
                        break
                    }
                    throw .invalidLiteralLengthSymbol
                }
                let lengthExtra = UInt64(E.extra(entry))
                let length = E.value(entry) &+ Int(truncatingIfNeeded: bits & ((1 &<< lengthExtra) &- 1))
                bits &>>= lengthExtra
                count &-= lengthExtra

                var distanceEntry = distances[Int(truncatingIfNeeded: bits & distanceMask)]
                if E.kind(distanceEntry) == E.link {
                    bits &>>= UInt64(HuffmanDecodeTable.distanceRootBits)
                    count &-= UInt64(HuffmanDecodeTable.distanceRootBits)
                    let subMask = (1 &<< UInt64(E.extra(distanceEntry))) &- 1
                    distanceEntry = distances[E.value(distanceEntry) &+ Int(truncatingIfNeeded: bits & subMask)]
                }
                bits &>>= UInt64(distanceEntry & 31)
                count &-= UInt64(distanceEntry & 31)
                guard E.kind(distanceEntry) == E.distance else { throw .invalidDistanceSymbol }
                let distanceExtra = UInt64(E.extra(distanceEntry))
                let distance =
                    E.value(distanceEntry) &+ Int(truncatingIfNeeded: bits & ((1 &<< distanceExtra) &- 1))
                bits &>>= distanceExtra
                count &-= distanceExtra
                guard distance <= window && distance <= pos else { throw .distanceTooFarBack }
                MatchCopy.copy(in: out, to: pos, distance: distance, length: length)
                pos &+= length
            }
            if blockEnded {
                mode = isFinalBlock ? .streamEnd : .blockHeader
                return
            }
            // Out of room in the buffer (rather than up against the limit or the input's end): slide, go on.
            guard pos > capacity - DeflateFormat.maximumMatch, pos <= writeLimit - DeflateFormat.maximumMatch,
                next <= lastRefill
            else { return }
            position = pos
            slide(into: &output)
            pos = position
        }
    }

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
