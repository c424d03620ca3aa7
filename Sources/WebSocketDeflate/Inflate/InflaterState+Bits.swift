extension InflaterState {
    /// Moves input bytes into the bit buffer until it holds at least `count` bits. Returns false when the
    /// input ran out first (the bits already moved stay buffered).
    @inline(__always)
    func pull(_ count: Int) -> Bool {
        while bitCount < count {
            guard inputNext < inputEnd else { return false }
            bitBuffer |= UInt64(inputNext.pointee) << UInt64(bitCount)
            inputNext += 1
            bitCount += 8
        }
        return true
    }

    /// Moves as many input bytes into the bit buffer as fit (up to 63 bits).
    @inline(__always)
    func fill() {
        while bitCount <= 55, inputNext < inputEnd {
            bitBuffer |= UInt64(inputNext.pointee) << UInt64(bitCount)
            inputNext += 1
            bitCount += 8
        }
    }

    /// Drops `count` bits from the bit buffer.
    @inline(__always)
    func consume(_ count: Int) {
        bitBuffer >>= UInt64(count)
        bitCount -= count
    }

    /// Drops the bits up to the next byte boundary of the stream.
    @inline(__always)
    func alignToByte() { consume(bitCount & 7) }
}
