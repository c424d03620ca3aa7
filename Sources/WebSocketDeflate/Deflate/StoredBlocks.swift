/// Stored (uncompressed) blocks, BTYPE 00 (RFC 1951 §3.2.4): at most 65,535 bytes each.
enum StoredBlocks {
    /// The largest stored block.
    static let maximumLength = 65_535

    /// Bits needed to store `length` bytes as stored blocks when `pendingCount` bits of the current byte are
    /// already used.
    static func bits(length: Int, pendingCount: Int) -> Int {
        var total = 0
        var remaining = length
        var used = pendingCount
        repeat {
            let chunk = min(remaining, maximumLength)
            let header = 3 + (8 - (used + 3) % 8) % 8
            total += header + 32 + 8 * chunk
            used = 0
            remaining -= chunk
        } while remaining > 0
        return total
    }

    /// Writes `bytes[0..<length]` as stored blocks with BFINAL 0.
    static func write(_ bytes: UnsafePointer<UInt8>, length: Int, to writer: inout BitWriter) {
        var offset = 0
        repeat {
            let chunk = min(length - offset, maximumLength)
            writer.write(0, length: 3)
            writer.alignToByte()
            writer.write(UInt32(chunk) | UInt32(chunk ^ 0xFFFF) << 16, length: 32)
            writer.writeBytes(bytes + offset, count: chunk)
            offset += chunk
        } while offset < length
    }
}
