/// Base64 with the standard alphabet and padding (RFC 4648 §4), as used by `Sec-WebSocket-Key` and
/// `Sec-WebSocket-Accept` (RFC 6455 §4.1, §4.2.2).
///
/// Decoding is strict: only the 64 alphabet characters and `=` padding are accepted, the length must be a
/// multiple of four, padding may appear only at the end (at most two `=`), no whitespace or line breaks are
/// allowed, and the unused low bits of the last character must be zero (RFC 4648 §3.5 canonical encoding).
public enum Base64 {
    /// The 64 characters of the standard alphabet, in value order.
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps an ASCII byte to its 6-bit value, or 0xFF when it is not in the alphabet.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    private static let padding = UInt8(ascii: "=")

    /// The padded Base64 text of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let encoded: [UInt8]? = bytes.withContiguousStorageIfAvailable { encodeBytes(UnsafeRawBufferPointer($0)) }
        if let encoded { return String(decoding: encoded, as: UTF8.self) }
        let copy = Array(bytes)
        return String(decoding: copy.withUnsafeBytes { encodeBytes($0) }, as: UTF8.self)
    }

    /// The bytes that `string` encodes, or nil when it is not strict, canonical, padded standard Base64.
    public static func decode(_ string: String) -> [UInt8]? {
        var text = string
        return text.withUTF8 { decodeBytes(UnsafeRawBufferPointer($0)) }
    }

    /// The bytes that the ASCII `text` encodes, or nil when it is not strict, canonical, padded standard Base64.
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        let decoded: [UInt8]?? = text.withContiguousStorageIfAvailable { decodeBytes(UnsafeRawBufferPointer($0)) }
        if let decoded { return decoded }
        let copy = Array(text)
        return copy.withUnsafeBytes { decodeBytes($0) }
    }

    /// The length of the Base64 text for `byteCount` input bytes.
    public static func encodedLength(ofByteCount byteCount: Int) -> Int {
        (byteCount / 3 + (byteCount % 3 == 0 ? 0 : 1)) * 4
    }

    private static func encodeBytes(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let outputCount = encodedLength(ofByteCount: input.count)
        return alphabet.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: outputCount) { output, initialized in
                var read = 0
                var write = 0
                while read &+ 3 <= input.count {
                    let group = UInt32(input[read]) << 16 | UInt32(input[read &+ 1]) << 8 | UInt32(input[read &+ 2])
                    output[write] = table[Int(group >> 18)]
                    output[write &+ 1] = table[Int((group >> 12) & 63)]
                    output[write &+ 2] = table[Int((group >> 6) & 63)]
                    output[write &+ 3] = table[Int(group & 63)]
                    read &+= 3
                    write &+= 4
                }
                let rest = input.count &- read
                if rest > 0 {
                    let second = rest == 2 ? UInt32(input[read &+ 1]) : 0
                    let group = UInt32(input[read]) << 16 | second << 8
                    output[write] = table[Int(group >> 18)]
                    output[write &+ 1] = table[Int((group >> 12) & 63)]
                    output[write &+ 2] = rest == 2 ? table[Int((group >> 6) & 63)] : padding
                    output[write &+ 3] = padding
                    write &+= 4
                }
                initialized = write
            }
        }
    }

    private static func decodeBytes(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        let count = text.count
        guard count % 4 == 0 else { return nil }
        if count == 0 { return [] }
        var padCount = 0
        if text[count &- 1] == padding { padCount = text[count &- 2] == padding ? 2 : 1 }
        let outputCount = count / 4 * 3 &- padCount

        return decodeTable.withUnsafeBufferPointer { table -> [UInt8]? in
            var valid = true
            let output = [UInt8](unsafeUninitializedCapacity: outputCount) { output, initialized in
                var read = 0
                var write = 0
                let fullGroupsEnd = padCount == 0 ? count : count &- 4
                // Whole groups: OR the table entries together to detect any 0xFF (invalid) in one test.
                while read < fullGroupsEnd {
                    let v0 = table[Int(text[read])], v1 = table[Int(text[read &+ 1])]
                    let v2 = table[Int(text[read &+ 2])], v3 = table[Int(text[read &+ 3])]
                    if (v0 | v1 | v2 | v3) & 0xC0 != 0 { valid = false; break }
                    let group = UInt32(v0) << 18 | UInt32(v1) << 12 | UInt32(v2) << 6 | UInt32(v3)
                    output[write] = UInt8(truncatingIfNeeded: group >> 16)
                    output[write &+ 1] = UInt8(truncatingIfNeeded: group >> 8)
                    output[write &+ 2] = UInt8(truncatingIfNeeded: group)
                    read &+= 4
                    write &+= 3
                }
                if valid && padCount > 0 {
                    // The final group: "xx==" carries one byte, "xxx=" two; the unused bits must be zero.
                    let v0 = table[Int(text[read])], v1 = table[Int(text[read &+ 1])]
                    let v2 = padCount == 1 ? table[Int(text[read &+ 2])] : 0
                    if (v0 | v1 | v2) & 0xC0 != 0 {
                        valid = false
                    } else if padCount == 2 && v1 & 0x0F != 0 {
                        valid = false
                    } else if padCount == 1 && v2 & 0x03 != 0 {
                        valid = false
                    } else {
                        let group = UInt32(v0) << 18 | UInt32(v1) << 12 | UInt32(v2) << 6
                        output[write] = UInt8(truncatingIfNeeded: group >> 16)
                        write &+= 1
                        if padCount == 1 {
                            output[write] = UInt8(truncatingIfNeeded: group >> 8)
                            write &+= 1
                        }
                    }
                }
                initialized = valid ? write : 0
            }
            return valid ? output : nil
        }
    }
}
