extension InflaterState {
    /// Decodes `input` as the continuation of the stream, appending the decoded bytes to `output`.
    func run(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], limit: Int) throws(InflateError) {
        if let failure { throw failure }
        if let base = input.baseAddress, input.count > 0 {
            inputNext = base.assumingMemoryBound(to: UInt8.self)
            inputEnd = inputNext + input.count
        } else {
            inputNext = UnsafePointer(lengths)
            inputEnd = inputNext
        }
        beginCall(outputCount: output.count, limit: limit)
        do {
            try step(into: &output)
        } catch {
            // The bytes decoded before the error are delivered too, so that the output on error does not depend on
            // how the input was cut into calls (WS-DEFLATE-CHUNKING); they are within the limit.
            deliver(into: &output)
            failure = error
            throw error
        }
        deliver(into: &output)
        inputNext = UnsafePointer(lengths)
        inputEnd = inputNext
    }

    /// Advances through the stream until the input runs out.
    private func step(into output: inout [UInt8]) throws(InflateError) {
        run: while true {
            switch mode {
            case .blockHeader:
                guard pull(3) else { break run }
                isFinalBlock = bitBuffer & 1 == 1
                let type = (bitBuffer >> 1) & 3
                consume(3)
                switch type {
                case 0:
                    alignToByte()
                    mode = .storedHeader
                case 1:
                    useFixedTables()
                    mode = .huffmanData
                case 2:
                    mode = .tableSizes
                default:
                    throw .invalidBlockType
                }
            case .storedHeader:
                guard pull(32) else { break run }
                let length = Int(bitBuffer & 0xFFFF)
                let complement = Int((bitBuffer >> 16) & 0xFFFF)
                guard length == complement ^ 0xFFFF else { throw .storedLengthMismatch }
                consume(32)
                storedRemaining = length
                mode = .storedData
            case .storedData:
                guard try copyStored(into: &output) else { break run }
                mode = isFinalBlock ? .streamEnd : .blockHeader
            case .tableSizes, .codeLengthLengths, .codeLengths:
                guard try readDynamicHeader() else { break run }
            case .huffmanData:
                try decodeFast(into: &output)
                if mode == .huffmanData {
                    guard try decodeOneSymbol(into: &output) else { break run }
                }
            case .streamEnd:
                alignToByte()
                guard bitCount > 0 || inputNext < inputEnd else { break run }
                mode = .blockHeader
                isFinalBlock = false
            }
        }
    }

    /// Copies what is available of a stored block. Returns true when the block is complete.
    private func copyStored(into output: inout [UInt8]) throws(InflateError) -> Bool {
        while storedRemaining > 0 {
            if position == capacity { slide(into: &output) }
            guard position < writeLimit else { throw .outputLimitExceeded(limit: limit) }
            if bitCount >= 8 {
                buffer[position] = UInt8(truncatingIfNeeded: bitBuffer)
                consume(8)
                position += 1
                storedRemaining -= 1
                continue
            }
            let available = inputEnd - inputNext
            guard available > 0 else { return false }
            let count = min(storedRemaining, available, capacity - position, writeLimit - position)
            (buffer + position).update(from: inputNext, count: count)
            inputNext += count
            position += count
            storedRemaining -= count
        }
        return true
    }

    /// Loads the fixed codes of RFC 1951 §3.2.6 into the tables (unless they are there already).
    private func useFixedTables() {
        guard !tablesAreFixed else { return }
        DeflateFormat.fixedLiteralLengthLengths.withUnsafeBufferPointer {
            _ = HuffmanDecodeTable.build(
                lengths: $0.baseAddress!, count: 288, alphabet: .literalLength,
                rootBits: HuffmanDecodeTable.literalLengthRootBits, into: literalLengthTable,
                capacity: HuffmanDecodeTable.literalLengthCapacity, scratch: tableScratch)
        }
        DeflateFormat.fixedDistanceLengths.withUnsafeBufferPointer {
            _ = HuffmanDecodeTable.build(
                lengths: $0.baseAddress!, count: 32, alphabet: .distance,
                rootBits: HuffmanDecodeTable.distanceRootBits, into: distanceTable,
                capacity: HuffmanDecodeTable.distanceCapacity, scratch: tableScratch)
        }
        tablesAreFixed = true
    }
}
