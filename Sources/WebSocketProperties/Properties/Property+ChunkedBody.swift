import WebSocketCore

// The chunked body decoder of plain HTTP requests (RFC 9112 §7.1).

extension Property {
    /// `WS-PROP-HTTP-CHUNKED`.
    public static let httpChunkedBody = Property(
        name: "http-chunked-body",
        description: "a body encoded with random chunk sizes, extensions and trailers decodes to itself under any chunking; damaged encodings give a typed error or a body within the limit, never more",
        defaultIterations: 1000
    ) { (g: inout Xorshift64Star) throws(CounterExample) in
        let body = Generate.bytes(maximumCount: 600, using: &g)
        let wire = encodeChunked(body, using: &g)
        let limit = g.bool() ? 1 << 20 : g.int(in: 0...700)
        let whole = decodeChunked(wire, pieces: [wire], limit: limit)
        let pieces = Generate.chunks(of: wire, using: &g)
        try requireEqual(decodeChunked(wire, pieces: pieces, limit: limit), whole, "decoding in \(pieces.count) pieces")
        if body.count <= limit {
            try requireEqual(whole, .body(body, used: wire.count), "decoding \(body.count) bytes in \(wire.count) wire bytes")
        } else {
            try requireEqual(whole, .error(.bodyTooLarge(limit: limit)), "a \(body.count)-byte body over the limit \(limit)")
        }
        // Damaged: whatever happens is typed, and a body is never over the limit.
        let damaged = Generate.mutated(wire, using: &g)
        switch decodeChunked(damaged, pieces: Generate.chunks(of: damaged, using: &g), limit: limit) {
        case .body(let decoded, let used):
            try require(decoded.count <= limit && used <= damaged.count, "a damaged encoding gave \(decoded.count) bytes (limit \(limit))")
        case .error, .incomplete:
            break
        }
    }

    /// What decoding a chunked body gave.
    enum ChunkedOutcome: Equatable {
        case body([UInt8], used: Int)
        case error(HTTPRequestError)
        case incomplete
    }

    static func decodeChunked(_ wire: [UInt8], pieces: [[UInt8]], limit: Int) -> ChunkedOutcome {
        var decoder = ChunkedBodyDecoder(maximumBodySize: limit, maximumTrailerSize: 8192)
        var offset = 0
        for piece in pieces {
            let step = piece.withUnsafeBytes { bytes in
                Result { () throws(HTTPRequestError) in try decoder.receive(bytes) }
            }
            switch step {
            case .success(.complete(let consumed)): return .body(decoder.body, used: offset + consumed)
            case .success(.needMoreData): break
            case .failure(let error): return .error(error)
            }
            offset += piece.count
        }
        return .incomplete
    }

    /// `body` as chunks of random sizes (hex in either case, sometimes with leading zeros and extensions), then the
    /// last chunk and sometimes trailer fields.
    static func encodeChunked(_ body: [UInt8], using g: inout Xorshift64Star) -> [UInt8] {
        var wire: [UInt8] = []
        var index = 0
        while index < body.count {
            let size = min(body.count - index, g.int(in: 1...200))
            var hex = String(size, radix: 16, uppercase: g.bool())
            if g.int(in: 0...7) == 0 { hex = "00" + hex }
            wire += Array(hex.utf8)
            if g.int(in: 0...3) == 0 { wire += Array(";ext=\(g.int(in: 0...99))".utf8) }
            wire += Array("\r\n".utf8) + body[index..<(index + size)] + Array("\r\n".utf8)
            index += size
        }
        wire += Array("0\r\n".utf8)
        for field in 0..<g.int(in: 0...2) { wire += Array("X-Trailer-\(field): value \(field)\r\n".utf8) }
        return wire + Array("\r\n".utf8)
    }
}
