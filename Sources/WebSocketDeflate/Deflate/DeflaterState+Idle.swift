extension DeflaterState {
    /// The idle form of this state, or nil while a message is in progress (input not flushed, symbols not
    /// written, or a lazy match pending).
    func idleState() -> DeflaterIdleState? {
        guard lookahead == 0, symbolCount == 0, !matchAvailable else { return nil }
        var idle = DeflaterIdleState(level: level, windowBits: windowBits)
        let start = max(position - geometry.windowSize, 1)  // position 0 is never a match
        let kept = position - start
        idle.history = Array(UnsafeBufferPointer(start: window + start, count: kept))
        idle.inserted = [UInt8](repeating: 0, count: (kept + 7) / 8)
        // Every position in the chains since `start` is a head or the link of the next position with its hash
        // (their ring slots are not overwritten yet: that takes a position a whole window later); older ones
        // are out of any match's reach.
        let windowMask = geometry.windowSize - 1
        idle.inserted.withUnsafeMutableBufferPointer { bits in
            for index in 0..<(1 << geometry.hashBits) {
                var candidate = Int(head[index])
                while candidate >= start && candidate < position {
                    let offset = candidate - start
                    bits[offset >> 3] |= UInt8(1) << UInt8(offset & 7)
                    let next = Int(prev[candidate & windowMask])
                    guard next < candidate else { break }
                    candidate = next
                }
            }
        }
        idle.position = position
        idle.blockStart = blockStart
        idle.symbolEnd = symbolEnd
        idle.insertedFrom = insertedFrom
        idle.matchLength = matchLength
        idle.matchStart = matchStart
        idle.pendingBits = pendingBits
        idle.pendingCount = pendingCount
        return idle
    }

    /// A full state rebuilt from its idle form: the history back at its place in the buffer and the hash chains
    /// refilled with the same positions in the order they were inserted (ascending).
    convenience init(restoring idle: DeflaterIdleState) {
        self.init(level: idle.level, windowBits: idle.windowBits)
        let start = idle.position - idle.history.count
        idle.history.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress { (window + start).update(from: base, count: bytes.count) }
        }
        let windowMask = geometry.windowSize - 1
        let hashBits = geometry.hashBits
        idle.inserted.withUnsafeBufferPointer { bits in
            for offset in 0..<idle.history.count where bits[offset >> 3] & (UInt8(1) << UInt8(offset & 7)) != 0 {
                let candidate = start + offset
                let hash = HashChains.hash(window + candidate, bits: hashBits)
                prev[candidate & windowMask] = head[hash]
                head[hash] = UInt16(truncatingIfNeeded: candidate)
            }
        }
        position = idle.position
        blockStart = idle.blockStart
        symbolEnd = idle.symbolEnd
        insertedFrom = idle.insertedFrom
        matchLength = idle.matchLength
        matchStart = idle.matchStart
        pendingBits = idle.pendingBits
        pendingCount = idle.pendingCount
    }
}
