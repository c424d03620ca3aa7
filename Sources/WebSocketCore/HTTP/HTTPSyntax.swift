/// Character classes and small helpers from the HTTP grammar (RFC 9110 §5.5, §5.6), shared by the head parser,
/// the handshake validators and the header renderers.
enum HTTPSyntax {
    /// `tchar` (RFC 9110 §5.6.2): the characters of a token.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Whether `text` is a non-empty `token` (RFC 9110 §5.6.2).
    static func isToken(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenByte)
    }

    /// Optional whitespace: SP or HTAB.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// A byte allowed inside a field value (RFC 9110 §5.5): VCHAR, obs-text, SP or HTAB.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte >= 0x21 && byte != 0x7F || isWhitespace(byte)
    }

    /// Whether `text` can be sent as a field value: only field-value bytes, no leading or trailing whitespace.
    static func isFieldValue(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy(isFieldValueByte) else { return false }
        if let first = bytes.first, isWhitespace(first) { return false }
        if let last = bytes.last, isWhitespace(last) { return false }
        return true
    }

    /// `text` without leading and trailing SP / HTAB.
    static func trimmingWhitespace(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end && isWhitespace(bytes[start]) { start += 1 }
        while end > start && isWhitespace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// ASCII case-insensitive equality (non-ASCII bytes must match exactly).
    static func equalsIgnoringASCIICase(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8) { lowercasedASCII($0) == lowercasedASCII($1) }
    }

    /// The byte with A–Z mapped to a–z.
    static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// The comma-separated list elements of `value` (RFC 9110 §5.6.1): trimmed, empty elements dropped.
    static func listElements(_ value: String) -> [String] {
        value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { trimmingWhitespace(String(decoding: $0, as: UTF8.self)) }
            .filter { !$0.isEmpty }
    }
}
