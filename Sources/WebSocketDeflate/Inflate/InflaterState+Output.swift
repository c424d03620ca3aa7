extension InflaterState {
    /// Appends the decoded bytes not yet delivered to `output`, growing its capacity at most to the limit.
    func deliver(into output: inout [UInt8]) {
        let count = position - delivered
        guard count > 0 else { return }
        let needed = output.count + count
        if output.capacity < needed {
            output.reserveCapacity(min(max(needed, 2 * output.capacity), max(limit, needed)))
        }
        output.append(contentsOf: UnsafeBufferPointer(start: buffer + delivered, count: count))
        delivered = position
    }

    /// Delivers the pending bytes, then moves the last window's worth of bytes to the front of the buffer to
    /// make room for more.
    func slide(into output: inout [UInt8]) {
        deliver(into: &output)
        let keep = min(position, windowSize)
        let shift = position - keep
        guard shift > 0 else { return }
        UnsafeMutableRawPointer(buffer).copyMemory(from: buffer + shift, byteCount: keep)
        position = keep
        delivered = keep
        writeLimit -= shift
    }

    /// Sets the output limit for a call: `position` may grow by at most `limit - output.count` bytes.
    func beginCall(outputCount: Int, limit: Int) {
        self.limit = limit
        writeLimit = delivered + min(max(limit - outputCount, 0), 1 << 40)
    }
}
