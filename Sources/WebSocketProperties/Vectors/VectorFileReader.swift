/// Reads the JSON files of a `Vectors/` folder: implemented by whoever may read files (the `ws` tool and the tests,
/// with Foundation's `JSONDecoder`), so that this module stays free of Foundation.
public protocol VectorFileReader {
    /// Where the files are read from, for messages (a folder path).
    var location: String { get }
    /// Decodes the JSON file `name` of the folder as `type`.
    func decode<T: Decodable>(_ type: T.Type, fromFile name: String) throws -> T
}

extension TestVectors {
    /// The files the vectors come from, in `Vectors/`.
    public static let fileNames = [
        "rfc6455-frames.json", "sha1-fips.json", "sha1-random.json", "base64-rfc4648.json",
        "permessage-deflate-rfc7692.json",
    ]

    /// The vectors read with `reader`. A file that is missing or malformed makes its kind `.unavailable` with the
    /// reason (the properties using it then fail, naming it); the other kinds load regardless.
    public static func load(using reader: some VectorFileReader) -> TestVectors {
        func source<V>(_ files: [String], _ convert: (String) throws -> [V]) -> VectorSource<V> {
            var vectors: [V] = []
            for file in files {
                do {
                    vectors += try convert(file)
                } catch {
                    return .unavailable(reason: "\(reader.location)/\(file): \(error)")
                }
            }
            return .loaded(vectors, origin: files.map { "\(reader.location)/\($0)" }.joined(separator: ", "))
        }
        return TestVectors(
            frames: source(["rfc6455-frames.json"]) {
                try reader.decode(FrameVectorFile.self, fromFile: $0).vectors()
            },
            sha1: source(["sha1-fips.json", "sha1-random.json"]) {
                try reader.decode(DigestVectorFile.self, fromFile: $0).vectors()
            },
            base64: source(["base64-rfc4648.json"]) {
                try reader.decode(Base64VectorFile.self, fromFile: $0).vectors()
            },
            perMessageDeflate: source(["permessage-deflate-rfc7692.json"]) {
                try reader.decode(PerMessageDeflateVectorFile.self, fromFile: $0).vectors()
            })
    }
}
