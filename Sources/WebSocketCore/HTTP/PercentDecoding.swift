/// Strict percent-decoding (RFC 3986 §2.1): every `%` must start two hex digits; nothing else changes (`+` stays).
package enum PercentDecoding {
    /// The bytes `text` encodes, or nil when a `%` is not followed by two hex digits.
    package static func bytes(_ text: some StringProtocol) -> [UInt8]? {
        var bytes: [UInt8] = []
        var utf8 = Substring(text).utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard utf8.count >= 2, let high = hexValue(utf8.removeFirst()), let low = hexValue(utf8.removeFirst()) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// The UTF-8 text `text` encodes, or nil when its encoding is malformed or the bytes are not UTF-8.
    package static func string(_ text: some StringProtocol) -> String? {
        bytes(text).flatMap { String(validating: $0, as: UTF8.self) }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
