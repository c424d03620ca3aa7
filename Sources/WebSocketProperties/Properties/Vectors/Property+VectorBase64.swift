// Base64 (RFC 4648) against its §10 vectors and our strict-decoding refusals, given whole, as non-contiguous
// sequences, and streamed: vectors of whole 3-byte groups put in front of another vector.

extension Property {
    /// `WS-PROP-VECTOR-BASE64`.
    public static func vectorBase64(_ vectors: TestVectors) -> Property {
        Property(
            name: "vector-base64-streamed",
            description: "RFC 4648 vectors behind random whole-group vectors encode and decode as the concatenated vectors say, given as strings, arrays or non-contiguous chunked sequences; refused texts stay refused",
            defaultIterations: 1000
        ) { (g: inout Xorshift64Star) throws(CounterExample) in
            let all = try vectors.base64.required("Base64")
            // Vectors of whole 3-byte groups encode without padding, so anything may follow them (RFC 4648 §4).
            let wholeGroups = all.filter { ($0.decoded?.count ?? 1) % 3 == 0 }
            try require(!wholeGroups.isEmpty && all.contains { $0.decoded == nil }, "the Base64 vectors need whole-group and refused cases")
            let front = (0..<g.int(in: 0...3)).map { _ in g.element(of: wholeGroups) }
            let last = g.element(of: all)
            let text = front.flatMap(\.text) + last.text
            let names = (front + [last]).map(\.name).joined(separator: " + ")
            let pieces = Generate.chunks(of: text, using: &g)
            let decodings: [(String, [UInt8]?)] = [
                ("array", Base64.decode(text)),
                ("string", Base64.decode(String(decoding: text, as: UTF8.self))),
                ("chunked sequence", Base64.decode(pieces.joined())),
            ]
            guard let lastBytes = last.decoded else {
                for (how, decoded) in decodings {
                    try require(decoded == nil, "\(names) (\(how)): refused text \(text) decoded to \(decoded ?? [])")
                }
                return
            }
            let bytes = front.flatMap { $0.decoded ?? [] } + lastBytes
            for (how, decoded) in decodings {
                try requireEqual(decoded, bytes, "decoding \(names) as \(how)")
            }
            let expected = String(decoding: text, as: UTF8.self)
            try requireEqual(Base64.encode(bytes), expected, "encoding \(names)")
            try requireEqual(Base64.encode(Generate.chunks(of: bytes, using: &g).joined()), expected, "encoding \(names) as a chunked sequence")
            // Streamed by the caller: encoding the vectors one by one and concatenating gives the same text.
            try requireEqual((front + [last]).map { Base64.encode($0.decoded ?? []) }.joined(), expected, "encoding \(names) one by one")
        }
    }
}
