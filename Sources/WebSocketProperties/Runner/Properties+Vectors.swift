// The vector-backed properties: their bodies check the vectors of `Vectors/`, which the caller loads and passes in.

extension Properties {
    /// The properties that check the test vectors, in the order `ws fuzz --list` shows them. With unavailable (or
    /// empty) vectors each of them fails on its first iteration, naming what is missing.
    public static func vectorBacked(by vectors: TestVectors) -> [Property] {
        [
            .vectorSHA1(vectors), .vectorBase64(vectors), .vectorFramesChunked(vectors), .vectorFrameBitFlip(vectors),
            .vectorPerMessageDeflateChunked(vectors), .vectorPerMessageDeflateRoundTrip(vectors),
        ]
    }

    /// The names of the vector-backed properties.
    public static let vectorBackedNames: [String] = vectorBacked(by: .unavailable("names only")).map(\.name)

    /// Every property: `all`, then the vector-backed ones checking `vectors`.
    public static func all(vectors: TestVectors) -> [Property] {
        all + vectorBacked(by: vectors)
    }

    /// The property named `name` among `all(vectors:)`, if any.
    public static func named(_ name: String, vectors: TestVectors) -> Property? {
        all(vectors: vectors).first { $0.name == name }
    }
}
