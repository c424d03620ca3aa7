// SHA-1 (FIPS 180-4) against its published vectors, fed in random pieces.

extension Property {
    /// `WS-PROP-VECTOR-SHA1`.
    public static func vectorSHA1(_ vectors: TestVectors) -> Property {
        Property(
            name: "vector-sha1-streamed",
            description: "each FIPS 180 and sha1-random.json message, fed to SHA1.Hasher in random pieces (buffers, slices, empty, block-aligned) or hashed as a non-contiguous sequence, gives the vector's digest",
            defaultIterations: 300
        ) { (g: inout Xorshift64Star) throws(CounterExample) in
            let all = try vectors.sha1.required("SHA-1")
            // The million-byte FIPS message is drawn as often as any other, but hashed in at most ~2,000 pieces.
            let vector = g.element(of: all)
            let message = vector.message
            var hasher = SHA1.Hasher()
            let ranges = Generate.pieceRanges(count: message.count, using: &g)
            for range in ranges {
                switch g.below(3) {
                case 0:
                    message.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[range])) }
                case 1:
                    hasher.update(message[range])
                default:
                    hasher.update(Array(message[range]))
                }
            }
            let cuts = ranges.prefix(8).map { "\($0.count)" }.joined(separator: ",")
            try requireEqual(hasher.finalize(), vector.digest, "SHA-1 of \(vector.name) fed in \(ranges.count) pieces [\(cuts)…]")
            // The one-shot hash over a sequence without contiguous storage (the pieces joined lazily).
            if message.count <= 100_000 {
                let pieces = ranges.map { message[$0] }
                try requireEqual(SHA1.hash(pieces.joined()), vector.digest, "SHA-1 of \(vector.name) as a joined sequence")
            }
        }
    }
}
