// The opening handshake's accept value (RFC 6455 §4.2.2) and the SHA-1 behind it (FIPS 180-4).

extension Property {
    /// The GUID of RFC 6455 §1.3, spelled out here rather than taken from the library under test.
    static let rfcGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `WS-PROP-ACCEPT-ROUNDTRIP`.
    public static let acceptValueRoundtrip = Property(
        name: "accept-value-roundtrip",
        description: "for a random 16-byte key, the server's Sec-WebSocket-Accept equals Base64(SHA-1(key + GUID)) as a client computes it",
        defaultIterations: 1000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let nonce = g.bytes(count: 16)
        let key = Base64.encode(nonce)
        try requireEqual(key.utf8.count, 24, "length of a Sec-WebSocket-Key")
        try requireEqual(Base64.decode(key), nonce, "the key decodes to its 16-byte nonce")
        let server = ServerHandshake.acceptValue(forKey: key)
        let digest = SHA1.hash(Array(key.utf8) + Array(rfcGUID.utf8))
        let client = Base64.encode(digest)
        try requireEqual(server, client, "accept value for key \(key)")
        try requireEqual(Base64.decode(server), digest, "the accept value decodes to the 20-byte digest")
    }

    /// `WS-PROP-SHA1-CHUNKING`.
    public static let sha1ChunkIndependent = Property(
        name: "sha1-chunk-independent",
        description: "SHA-1 fed in random chunks (any block alignment) equals SHA-1 of the whole input",
        defaultIterations: 500
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let count = g.oneIn(4) ? g.int(in: 0...2_000) : g.int(in: 0...130)
        let bytes = g.bytes(count: count)
        let whole = SHA1.hash(bytes)
        try requireEqual(whole.count, SHA1.digestByteCount, "digest size")
        let chunking = Generate.chunking(using: &g)
        var hasher = SHA1.Hasher()
        for chunk in Generate.chunks(of: bytes, chunking, using: &g) {
            if g.bool() {
                chunk.withUnsafeBytes { hasher.update($0) }
            } else {
                hasher.update(chunk)
            }
        }
        try requireEqual(hasher.finalize(), whole, "SHA-1 of \(count) bytes fed \(chunking)")
    }
}
