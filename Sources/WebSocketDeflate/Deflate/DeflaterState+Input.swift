extension DeflaterState {
    /// Copies `input` into the buffer piece by piece, sliding when it is full, and turns it into symbols
    /// (keeping the last `minimumLookahead` bytes back until more input or a flush comes).
    func consume(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard var source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var remaining = input.count
        while remaining > 0 {
            if position + lookahead == geometry.bufferSize { slide() }
            let count = min(remaining, geometry.bufferSize - (position + lookahead))
            (window + position + lookahead).update(from: source, count: count)
            source += count
            remaining -= count
            lookahead += count
            compress(flush: false, into: &output)
        }
    }

    /// Drops the first `slideAmount` bytes of the buffer, which no match can reach any more, and moves the
    /// positions in the hash chains along (those that fall off become "none").
    func slide() {
        let amount = geometry.slideAmount
        let end = position + lookahead
        precondition(position - amount > geometry.maximumDistance, "slide would drop reachable history")
        UnsafeMutableRawPointer(window).copyMemory(from: window + amount, byteCount: end - amount)
        position -= amount
        blockStart -= amount
        symbolEnd -= amount
        matchStart -= amount
        insertedFrom = max(insertedFrom - amount, 0)
        // Positions before the slide fall to 0 (no match); a saturating subtract, which vectorises.
        let shift = UInt16(truncatingIfNeeded: amount)
        for index in 0..<(1 << geometry.hashBits) {
            let value = head[index]
            head[index] = value &- min(value, shift)
        }
        for index in 0..<geometry.windowSize {
            let value = prev[index]
            prev[index] = value &- min(value, shift)
        }
    }
}
