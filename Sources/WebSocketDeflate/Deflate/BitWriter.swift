/// Writes bits least significant first (RFC 1951 §3.1.1) into memory that has room for them plus 8 bytes.
struct BitWriter {
    /// Where the next whole byte goes.
    private(set) var next: UnsafeMutablePointer<UInt8>
    /// Bits not yet stored, least significant first.
    private(set) var bits: UInt64
    /// How many bits of `bits` are pending (below 32 between calls).
    private(set) var count: Int

    /// A writer at `start` that continues `pendingCount` bits left over from before.
    init(start: UnsafeMutablePointer<UInt8>, pendingBits: UInt64, pendingCount: Int) {
        next = start
        bits = pendingBits
        count = pendingCount
    }

    /// Appends the low `length` bits of `value` (at most 32 bits at a time).
    @inline(__always)
    mutating func write(_ value: UInt32, length: Int) {
        bits |= UInt64(value) &<< UInt64(count)
        count &+= length
        if count >= 32 {
            UnsafeMutableRawPointer(next).storeBytes(
                of: UInt32(truncatingIfNeeded: bits).littleEndian, as: UInt32.self)
            next += 4
            bits &>>= 32
            count &-= 32
        }
    }

    /// Appends zero bits up to the next byte boundary.
    mutating func alignToByte() {
        let padding = (8 - count % 8) % 8
        count += padding
        storeWholeBytes()
    }

    /// Stores the complete bytes, leaving fewer than 8 bits pending.
    mutating func storeWholeBytes() {
        while count >= 8 {
            next.pointee = UInt8(truncatingIfNeeded: bits)
            next += 1
            bits >>= 8
            count -= 8
        }
    }

    /// Copies bytes after aligning to a byte boundary (for stored blocks).
    mutating func writeBytes(_ source: UnsafePointer<UInt8>, count byteCount: Int) {
        alignToByte()
        next.update(from: source, count: byteCount)
        next += byteCount
    }
}
