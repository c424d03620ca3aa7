/// Copying a match (RFC 1951 §3.2.5): `length` bytes from `distance` bytes back, where the source may overlap
/// the bytes being written (a distance shorter than the length repeats them).
enum MatchCopy {
    /// Copies `length` bytes to `buffer[position...]` from `distance` bytes back. May write up to 7 bytes past
    /// the end of the match (the buffer has slack for that; those bytes are overwritten later).
    @inline(__always)
    static func copy(in buffer: UnsafeMutablePointer<UInt8>, to position: Int, distance: Int, length: Int) {
        let destination = UnsafeMutableRawPointer(buffer + position)
        let source = UnsafeRawPointer(buffer + (position &- distance))
        if distance >= 8 {
            // Each 8-byte chunk reads bytes at least 8 back, which are already written.
            var offset = 0
            repeat {
                destination.storeBytes(
                    of: (source + offset).loadUnaligned(as: UInt64.self), toByteOffset: offset, as: UInt64.self)
                offset &+= 8
            } while offset < length
        } else if distance == 1 {
            let pattern = UInt64(source.load(as: UInt8.self)) &* 0x0101_0101_0101_0101
            var offset = 0
            repeat {
                destination.storeBytes(of: pattern, toByteOffset: offset, as: UInt64.self)
                offset &+= 8
            } while offset < length
        } else {
            let target = buffer + position
            for index in 0..<length { target[index] = target[index &- distance] }
        }
    }
}
