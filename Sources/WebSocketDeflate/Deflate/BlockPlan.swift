/// One block's symbol statistics and its dynamic Huffman codes, with the exact size in bits of writing it
/// with dynamic or with fixed codes (RFC 1951 §3.2.6, §3.2.7).
struct BlockPlan {
    /// Bits of the block with dynamic codes, header included.
    private(set) var dynamicBits = 0
    /// Bits of the block with fixed codes, header included.
    private(set) var fixedBits = 0
    /// HLIT, HDIST, HCLEN of the dynamic header.
    private(set) var literalCount = 257
    private(set) var distanceCount = 1
    private(set) var codeLengthCount = 4
    /// Entries in `scratch.runs`.
    private(set) var runCount = 0

    /// Counts the symbols and builds the dynamic codes into `scratch`.
    init(symbols: UnsafePointer<UInt32>, count: Int, scratch: HuffmanScratch) {
        let literals = scratch.literalFrequencies
        let distances = scratch.distanceFrequencies
        literals.update(repeating: 0, count: 288)
        distances.update(repeating: 0, count: 32)
        var extraBits = 0
        for index in 0..<count {
            let symbol = symbols[index]
            let distance = Int(symbol >> 16)
            if distance == 0 {
                literals[Int(symbol)] &+= 1
            } else {
                let lengthSymbol = DeflateFormat.lengthSymbol(Int(symbol & 0xFFFF) + 3)
                let distanceSymbol = DeflateFormat.distanceSymbol(distance)
                literals[lengthSymbol] &+= 1
                distances[distanceSymbol] &+= 1
                extraBits &+= Int(DeflateFormat.lengthExtraBits[lengthSymbol - 257])
                    &+ Int(DeflateFormat.distanceExtraBits[distanceSymbol])
            }
        }
        literals[DeflateFormat.endOfBlock] = 1

        let lengths = scratch.lengths
        let distanceLengths = lengths + HuffmanScratch.distanceOffset
        HuffmanCodeBuilder.buildLengths(
            frequencies: literals, count: 286, limit: 15, into: lengths, scratch: scratch.builder)
        HuffmanCodeBuilder.buildLengths(
            frequencies: distances, count: 30, limit: 15, into: distanceLengths, scratch: scratch.builder)
        HuffmanCodeBuilder.buildCodes(lengths: lengths, count: 286, into: scratch.codes)
        HuffmanCodeBuilder.buildCodes(
            lengths: distanceLengths, count: 30, into: scratch.codes + HuffmanScratch.distanceOffset)

        literalCount = 286
        while literalCount > 257 && lengths[literalCount - 1] == 0 { literalCount -= 1 }
        distanceCount = 30
        while distanceCount > 1 && distanceLengths[distanceCount - 1] == 0 { distanceCount -= 1 }
        encodeCodeLengths(scratch: scratch)

        var literalBits = 0
        var fixedLiteralBits = 0
        for symbol in 0..<286 {
            literalBits &+= Int(literals[symbol]) &* Int(lengths[symbol])
            fixedLiteralBits &+= Int(literals[symbol]) &* Int(scratch.fixedLengths[symbol])
        }
        var distanceBits = 0
        var fixedDistanceBits = 0
        for symbol in 0..<30 {
            distanceBits &+= Int(distances[symbol]) &* Int(distanceLengths[symbol])
            fixedDistanceBits &+= Int(distances[symbol]) &* 5
        }
        var headerBits = 3 + 5 + 5 + 4 + 3 * codeLengthCount
        let codeLengthLengths = lengths + HuffmanScratch.codeLengthOffset
        for index in 0..<runCount {
            let run = Int(scratch.runs[index])
            let symbol = run & 0xFF
            headerBits += Int(codeLengthLengths[symbol]) + Self.runExtraBits(symbol)
        }
        dynamicBits = headerBits + literalBits + distanceBits + extraBits
        fixedBits = 3 + fixedLiteralBits + fixedDistanceBits + extraBits
    }

    /// Extra bits after code-length symbol `symbol`: 2 for 16, 3 for 17, 7 for 18.
    private static func runExtraBits(_ symbol: Int) -> Int {
        switch symbol {
        case 16: 2
        case 17: 3
        case 18: 7
        default: 0
        }
    }

    /// Run-length encodes the literal/length and distance code lengths as one sequence (RFC 1951 §3.2.7) and
    /// builds the code-length code.
    private mutating func encodeCodeLengths(scratch: HuffmanScratch) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 320) { sequence in
            let lengths = scratch.lengths
            for index in 0..<literalCount { sequence[index] = lengths[index] }
            for index in 0..<distanceCount {
                sequence[literalCount + index] = lengths[HuffmanScratch.distanceOffset + index]
            }
            let total = literalCount + distanceCount
            let frequencies = scratch.codeLengthFrequencies
            frequencies.update(repeating: 0, count: 19)
            var runs = 0
            func emit(_ symbol: Int, extra: Int = 0) {
                scratch.runs[runs] = UInt16(symbol | extra << 8)
                frequencies[symbol] += 1
                runs += 1
            }
            var index = 0
            while index < total {
                let value = sequence[index]
                var run = 1
                while index + run < total && sequence[index + run] == value { run += 1 }
                index += run
                if value == 0 {
                    while run >= 11 {
                        let chunk = min(run, 138)
                        emit(18, extra: chunk - 11)
                        run -= chunk
                    }
                    if run >= 3 {
                        emit(17, extra: run - 3)
                        run = 0
                    }
                } else {
                    emit(Int(value))
                    run -= 1
                    while run >= 3 {
                        let chunk = min(run, 6)
                        emit(16, extra: chunk - 3)
                        run -= chunk
                    }
                }
                for _ in 0..<run { emit(Int(value)) }
            }
            runCount = runs
        }
        let codeLengthLengths = scratch.lengths + HuffmanScratch.codeLengthOffset
        HuffmanCodeBuilder.buildLengths(
            frequencies: scratch.codeLengthFrequencies, count: 19, limit: 7, into: codeLengthLengths,
            scratch: scratch.builder)
        HuffmanCodeBuilder.buildCodes(
            lengths: codeLengthLengths, count: 19, into: scratch.codes + HuffmanScratch.codeLengthOffset)
        codeLengthCount = 19
        while codeLengthCount > 4
            && codeLengthLengths[DeflateFormat.codeLengthOrder[codeLengthCount - 1]] == 0
        {
            codeLengthCount -= 1
        }
    }

    /// Writes the block with its dynamic codes.
    func writeDynamic(symbols: UnsafePointer<UInt32>, count: Int, scratch: HuffmanScratch, to writer: inout BitWriter) {
        writer.write(2 << 1, length: 3)
        writer.write(UInt32(literalCount - 257), length: 5)
        writer.write(UInt32(distanceCount - 1), length: 5)
        writer.write(UInt32(codeLengthCount - 4), length: 4)
        let codeLengthLengths = scratch.lengths + HuffmanScratch.codeLengthOffset
        let codeLengthCodes = scratch.codes + HuffmanScratch.codeLengthOffset
        for index in 0..<codeLengthCount {
            writer.write(UInt32(codeLengthLengths[DeflateFormat.codeLengthOrder[index]]), length: 3)
        }
        for index in 0..<runCount {
            let run = Int(scratch.runs[index])
            let symbol = run & 0xFF
            writer.write(UInt32(codeLengthCodes[symbol]), length: Int(codeLengthLengths[symbol]))
            let extraBits = Self.runExtraBits(symbol)
            if extraBits > 0 { writer.write(UInt32(run >> 8), length: extraBits) }
        }
        SymbolWriter.write(
            symbols: symbols, count: count, lengths: scratch.lengths, codes: scratch.codes,
            distanceOffset: HuffmanScratch.distanceOffset, to: &writer)
    }

    /// Writes the block with the fixed codes.
    func writeFixed(symbols: UnsafePointer<UInt32>, count: Int, scratch: HuffmanScratch, to writer: inout BitWriter) {
        writer.write(1 << 1, length: 3)
        SymbolWriter.write(
            symbols: symbols, count: count, lengths: scratch.fixedLengths, codes: scratch.fixedCodes,
            distanceOffset: 288, to: &writer)
    }
}
