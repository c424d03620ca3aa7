// Base64 (RFC 4648 §4): round trip, length, alphabet, and canonical strict decoding.

extension Property {
    /// `WS-PROP-BASE64-ROUNDTRIP`.
    public static let base64Roundtrip = Property(
        name: "base64-roundtrip",
        description: "Base64.decode(Base64.encode(b)) == b, and any text that decodes is the canonical encoding of what it decodes to",
        defaultIterations: 2000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let bytes = Generate.bytes(maximumCount: 100, using: &g)
        let text = Base64.encode(bytes)
        let utf8 = Array(text.utf8)
        try requireEqual(utf8.count, Base64.encodedLength(ofByteCount: bytes.count), "encoded length of \(bytes.count) bytes")
        try requireEqual(utf8.count % 4, 0, "encoded length modulo 4")
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        try require(utf8.allSatisfy(alphabet.contains), "encoding \(text) has characters outside the alphabet")
        try requireEqual(Base64.decode(text), bytes, "decode(encode(\(bytes.count) bytes))")
        // Damage the text; whatever still decodes must re-encode to exactly the damaged text (strict, canonical).
        var damaged = utf8
        if !damaged.isEmpty {
            let index = g.int(in: 0..<damaged.count)
            damaged[index] = g.bool() ? g.element(of: Array(alphabet)) : g.byte()
        } else {
            damaged = g.bytes(count: g.int(in: 1...8))
        }
        if let decoded = Base64.decode(damaged) {
            try requireEqual(Array(Base64.encode(decoded).utf8), damaged, "re-encoding of accepted text")
        }
    }
}
