/// `count` bytes made of 64 KiB blocks of a pattern, each block starting with its number (cheap to build even in
/// a debug build, and any lost, repeated or reordered block shows).
func blockPattern(_ count: Int) -> [UInt8] {
    let block = TransportTestSupport.pattern(64 << 10, seed: 11)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    var number: UInt32 = 0
    while bytes.count < count {
        let start = bytes.count
        bytes.append(contentsOf: block.prefix(count - start))
        withUnsafeBytes(of: number.bigEndian) { header in
            for (offset, byte) in header.enumerated() where start + offset < bytes.count { bytes[start + offset] = byte }
        }
        number += 1
    }
    return bytes
}
