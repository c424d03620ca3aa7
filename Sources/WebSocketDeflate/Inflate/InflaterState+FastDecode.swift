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
                    // At least 41 bits remain: enough for a second literal without refilling.
                    let second = literalLengths[Int(truncatingIfNeeded: bits & literalMask)]
                    if E.kind(second) == E.literal {
                        bits &>>= UInt64(second & 31)
                        count &-= UInt64(second & 31)
                        out[pos] = UInt8(truncatingIfNeeded: second >> 16)
                        pos &+= 1
                    }
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
}
