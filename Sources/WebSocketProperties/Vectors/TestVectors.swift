/// The test vectors of the package's `Vectors/` folder, as values: the vector-backed properties take them from
/// whoever can read files (the `ws` tool and the tests decode the JSON; this module imports no Foundation).
public struct TestVectors: Sendable {
    /// The RFC 6455 §5.7 example frames (`rfc6455-frames.json`).
    public var frames: VectorSource<FrameVector>
    /// SHA-1 digests: the FIPS 180 examples (`sha1-fips.json`) and digests from an independent implementation
    /// (`sha1-random.json`).
    public var sha1: VectorSource<DigestVector>
    /// The RFC 4648 §10 Base64 vectors and strict-decoding refusals (`base64-rfc4648.json`).
    public var base64: VectorSource<Base64Vector>
    /// The RFC 7692 §7.2.3 frame-level examples (`permessage-deflate-rfc7692.json`).
    public var perMessageDeflate: VectorSource<PerMessageDeflateVector>

    /// Vectors of every kind.
    public init(
        frames: VectorSource<FrameVector>, sha1: VectorSource<DigestVector>, base64: VectorSource<Base64Vector>,
        perMessageDeflate: VectorSource<PerMessageDeflateVector>
    ) {
        self.frames = frames
        self.sha1 = sha1
        self.base64 = base64
        self.perMessageDeflate = perMessageDeflate
    }

    /// No vectors at all, for `reason`: every vector-backed property fails with it.
    public static func unavailable(_ reason: String) -> TestVectors {
        TestVectors(
            frames: .unavailable(reason: reason), sha1: .unavailable(reason: reason),
            base64: .unavailable(reason: reason), perMessageDeflate: .unavailable(reason: reason))
    }

    /// The problems met while loading, one line per kind of vector that is unavailable or empty.
    public var problems: [String] {
        func problem<V>(_ source: VectorSource<V>, _ what: String) -> String? {
            switch source {
            case .loaded(let vectors, let origin): vectors.isEmpty ? "\(what): \(origin) holds no vectors" : nil
            case .unavailable(let reason): "\(what): \(reason)"
            }
        }
        return [
            problem(frames, "RFC 6455 frames"), problem(sha1, "SHA-1"), problem(base64, "Base64"),
            problem(perMessageDeflate, "RFC 7692 examples"),
        ].compactMap { $0 }
    }
}
