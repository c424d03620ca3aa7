import Testing
import PackageTestSupport
import WebSocketProperties

/// The vector-backed properties (`Spec/properties.md`, `WS-PROP-VECTOR-*`), run on the package's `Vectors/`.
@Suite("Vector properties")
struct VectorPropertyTests {
    static var vectors: TestVectors { PackageVectors.vectors }

    @Test("WS-PROP-VECTOR-SHA1: the FIPS and random SHA-1 vectors hash to their digests fed in random pieces")
    func sha1() async { await offCooperativePool { PropertyRunner.check(.vectorSHA1(Self.vectors)) } }

    @Test("WS-PROP-VECTOR-BASE64: the RFC 4648 vectors encode and decode streamed and chunked; refusals stay refused")
    func base64() async { await offCooperativePool { PropertyRunner.check(.vectorBase64(Self.vectors)) } }

    @Test("WS-PROP-VECTOR-FRAMES: the RFC 6455 §5.7 frames decode to their frames and events in any chunking")
    func framesChunked() async { await offCooperativePool { PropertyRunner.check(.vectorFramesChunked(Self.vectors)) } }

    @Test("WS-PROP-VECTOR-FRAME-MUTATION: a bit flip in an RFC 6455 §5.7 frame decodes as the oracle predicts")
    func framesBitFlip() async { await offCooperativePool { PropertyRunner.check(.vectorFrameBitFlip(Self.vectors)) } }

    @Test("WS-PROP-VECTOR-DEFLATE-INFLATE: the RFC 7692 examples inflate to their messages in any chunking")
    func deflateChunked() async { await offCooperativePool { PropertyRunner.check(.vectorPerMessageDeflateChunked(Self.vectors)) } }

    @Test("WS-PROP-VECTOR-DEFLATE-ROUNDTRIP: the RFC 7692 example messages survive compression and inflation")
    func deflateRoundTrip() async { await offCooperativePool { PropertyRunner.check(.vectorPerMessageDeflateRoundTrip(Self.vectors)) } }

    @Test("WS-PROP-VECTOR-LOADING: every kind of vector loads from Vectors/")
    func loading() {
        let vectors = Self.vectors
        #expect(vectors.problems == [])
        #expect(vectors.frames.vectors.count == 7)
        #expect(vectors.sha1.vectors.count >= 205)
        #expect(vectors.sha1.vectors.contains { $0.message.count == 1_000_000 })
        #expect(vectors.base64.vectors.filter { $0.decoded != nil }.count == 7)
        #expect(vectors.base64.vectors.filter { $0.decoded == nil }.count >= 10)
        #expect(vectors.perMessageDeflate.vectors.count >= 8)
    }

    @Test("WS-PROP-VECTOR-LOADING: without vectors every vector-backed property fails, naming what is missing")
    func missingVectorsFail() {
        let missing = TestVectors.unavailable("no Vectors/ folder in /nowhere")
        for property in Properties.vectorBacked(by: missing) {
            let failure = property.run(seed: 1, iterations: 1)
            #expect(failure?.message.contains("/nowhere") == true, "\(property.name) passed without vectors")
        }
        let empty = TestVectors(
            frames: .loaded([], origin: "empty.json"), sha1: .loaded([], origin: "empty.json"),
            base64: .loaded([], origin: "empty.json"), perMessageDeflate: .loaded([], origin: "empty.json"))
        #expect(empty.problems.count == 4)
        for property in Properties.vectorBacked(by: empty) {
            #expect(property.run(seed: 1, iterations: 1)?.message.contains("empty.json") == true, "\(property.name)")
        }
    }

    @Test("WS-PROP-REGISTRY: vector-backed properties have unique kebab-case names, distinct from the others")
    func registry() {
        let names = Properties.vectorBackedNames
        #expect(names.count == 6, "a new vector-backed property needs its own @Test above")
        #expect(Set(names).count == names.count)
        #expect(Set(names).isDisjoint(with: Properties.all.map(\.name)))
        for name in names {
            #expect(name.hasPrefix("vector-") && name.allSatisfy { $0 == "-" || $0.isLowercase || $0.isNumber }, "\(name)")
            #expect(Properties.named(name, vectors: Self.vectors)?.name == name)
        }
    }
}
