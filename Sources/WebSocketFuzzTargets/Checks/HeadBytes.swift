/// Facts about raw HTTP head bytes that the handshake targets check the parsers against.
enum HeadBytes {
    /// Whether `bytes` hold CR LF CR LF (the end of a head) anywhere.
    static func containsBlankLine(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return true
        }
        return false
    }
}
