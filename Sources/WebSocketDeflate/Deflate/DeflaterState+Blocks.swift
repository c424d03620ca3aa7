extension DeflaterState {
    /// Writes the collected symbols as one block (BFINAL 0): dynamic Huffman, fixed Huffman or stored,
    /// whichever is smallest (stored only while the block's raw bytes are still in the buffer).
    func writeBlock(into output: inout [UInt8]) {
        guard symbolCount > 0 else { return }
        let plan = BlockPlan(symbols: symbols, count: symbolCount, scratch: scratch)
        let rawLength = symbolEnd - blockStart
        let storedBits = blockStart >= 0 ? StoredBlocks.bits(length: rawLength, pendingCount: pendingCount) : Int.max
        let maximumBytes = (pendingCount + min(plan.dynamicBits, plan.fixedBits, storedBits)) / 8 + 16
        withOutputSpace(maximumBytes, in: &output) { writer in
            if storedBits <= min(plan.dynamicBits, plan.fixedBits) {
                StoredBlocks.write(window + blockStart, length: rawLength, to: &writer)
            } else if plan.dynamicBits < plan.fixedBits {
                plan.writeDynamic(symbols: symbols, count: symbolCount, scratch: scratch, to: &writer)
            } else {
                plan.writeFixed(symbols: symbols, count: symbolCount, scratch: scratch, to: &writer)
            }
        }
        symbolCount = 0
        blockStart = symbolEnd
    }

    /// Ends the output on a byte boundary with an empty stored block (RFC 7692 §7.2.1): the output then ends
    /// with `00 00 ff ff`.
    func writeSyncFlush(into output: inout [UInt8]) {
        withOutputSpace(16, in: &output) { writer in
            writer.write(0, length: 3)
            writer.alignToByte()
            writer.write(0xFFFF_0000, length: 32)
        }
    }

    /// Runs `body` with a writer into `maximumBytes` new bytes at the end of `output` (plus slack), keeps what
    /// it wrote, and saves the bits of an incomplete last byte for the next call.
    private func withOutputSpace(_ maximumBytes: Int, in output: inout [UInt8], _ body: (inout BitWriter) -> Void) {
        let start = output.count
        let room = maximumBytes + 8
        output.append(contentsOf: repeatElement(0, count: room))
        var written = 0
        output.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress! + start
            var writer = BitWriter(start: base, pendingBits: pendingBits, pendingCount: pendingCount)
            body(&writer)
            writer.storeWholeBytes()
            written = writer.next - base
            pendingBits = writer.bits
            pendingCount = writer.count
        }
        precondition(written <= maximumBytes, "block longer than its computed size")
        output.removeLast(room - written)
    }
}
