extension InflaterState {
    /// The idle form of this state, or nil inside a block or with input bits still buffered (a message in
    /// progress).
    func idleState() -> InflaterIdleState? {
        guard mode == .blockHeader || mode == .streamEnd, bitCount == 0, delivered == position else { return nil }
        var idle = InflaterIdleState(windowBits: windowSize.trailingZeroBitCount)
        let kept = min(position, windowSize)
        idle.history = Array(UnsafeBufferPointer(start: buffer + position - kept, count: kept))
        idle.mode = mode
        idle.isFinalBlock = isFinalBlock
        idle.failure = failure
        return idle
    }

    /// A full state rebuilt from its idle form: the history at the start of the buffer, the tables empty (the
    /// next block header builds them).
    convenience init(restoring idle: InflaterIdleState) {
        self.init(windowBits: idle.windowBits)
        idle.history.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress { buffer.update(from: base, count: bytes.count) }
        }
        position = idle.history.count
        delivered = position
        mode = idle.mode
        isFinalBlock = idle.isFinalBlock
        failure = idle.failure
    }
}
