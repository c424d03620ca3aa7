import Testing
import PackageTestSupport
import WebSocketProperties

/// One test per property of `Properties.all`, named by the requirement IDs of `Spec/properties.md` it checks.
@Suite("Properties")
struct PropertyTests {
    @Test("WS-PROP-MASK-INVOLUTION: masking twice from the same phase is the identity")
    func maskingInvolution() async { await offCooperativePool { PropertyRunner.check(.maskingInvolution) } }

    @Test("WS-PROP-MASK-DEFINITION: masking equals the byte-wise XOR at any phase, offset and length")
    func maskingMatchesDefinition() async { await offCooperativePool { PropertyRunner.check(.maskingMatchesDefinition) } }

    @Test("WS-PROP-MASK-CHUNKING: masking in chunks with the returned phase equals masking whole")
    func maskingChunkIndependent() async { await offCooperativePool { PropertyRunner.check(.maskingChunkIndependent) } }

    @Test("WS-PROP-MASK-COPY: copy-and-unmask equals copy then unmask")
    func maskingCopyAgrees() async { await offCooperativePool { PropertyRunner.check(.maskingCopyAgrees) } }

    @Test("WS-PROP-FRAME-ROUNDTRIP: decode(encode(frames)) == frames for both roles")
    func frameRoundtrip() async { await offCooperativePool { PropertyRunner.check(.frameRoundtrip) } }

    @Test("RFC6455-5.2-LENGTH-CLASSES, WS-PROP-HEADER-ROUNDTRIP: header sizes by length class; headers round-trip up to 2^63-1")
    func headerLengthClasses() async { await offCooperativePool { PropertyRunner.check(.headerLengthClasses) } }

    @Test("WS-PROP-DECODER-TOTAL: any bytes give frames or a typed error, without payload buffering")
    func decoderArbitraryBytes() async { await offCooperativePool { PropertyRunner.check(.decoderArbitraryBytes) } }

    @Test("WS-PROP-CHUNKING: the decoder's frames and error do not depend on the chunking")
    func decoderChunkingIndependent() async { await offCooperativePool { PropertyRunner.check(.decoderChunkingIndependent) } }

    @Test("WS-PROP-UTF8-STDLIB: UTF8Validator agrees with String(validating:as:) at every split point")
    func utf8AgreesWithStdlib() async { await offCooperativePool { PropertyRunner.check(.utf8AgreesWithStdlib) } }

    @Test("WS-PROP-BASE64-ROUNDTRIP: Base64 round-trips and decodes only canonical text")
    func base64Roundtrip() async { await offCooperativePool { PropertyRunner.check(.base64Roundtrip) } }

    @Test("WS-PROP-HTTP-CHUNKED: chunked bodies decode to themselves under any chunking; damaged ones fail typed")
    func httpChunkedBody() async { await offCooperativePool { PropertyRunner.check(.httpChunkedBody) } }

    @Test("WS-PROP-SHA1-CHUNKING: SHA-1 in chunks equals SHA-1 whole")
    func sha1ChunkIndependent() async { await offCooperativePool { PropertyRunner.check(.sha1ChunkIndependent) } }

    @Test("WS-PROP-ACCEPT-ROUNDTRIP: the server's accept value equals the client's computation")
    func acceptValueRoundtrip() async { await offCooperativePool { PropertyRunner.check(.acceptValueRoundtrip) } }

    @Test("WS-PROP-CONNECTION-CHUNKING: an open server connection's events do not depend on the chunking")
    func connectionChunkingIndependent() async { await offCooperativePool { PropertyRunner.check(.connectionChunkingIndependent) } }

    @Test("WS-PROP-DIRECT-RECEIVE: a session's events do not depend on direct reads into message storage")
    func connectionDirectReceiveIndependent() async {
        await offCooperativePool { PropertyRunner.check(.connectionDirectReceiveIndependent) }
    }

    @Test("WS-PROP-DEFLATE-ROUNDTRIP: inflate(deflate(x)) == x at every level, window and chunking, with and without context takeover")
    func deflateRoundTrip() async { await offCooperativePool { PropertyRunner.check(.deflateRoundTrip) } }

    @Test("WS-PROP-PERMESSAGE-DEFLATE-ROUNDTRIP: permessage-deflate's encode and decode round-trip for random settings")
    func perMessageDeflateRoundTrip() async { await offCooperativePool { PropertyRunner.check(.perMessageDeflateRoundTrip) } }

    @Test("WS-PROP-INFLATE-TOTAL: the inflater on any bytes returns data or a typed error within its limit")
    func inflateArbitraryBytes() async { await offCooperativePool { PropertyRunner.check(.inflateArbitraryBytes) } }

    @Test("WS-PROP-REGISTRY: every property is registered once, with a kebab-case name and a test")
    func registry() {
        let names = Properties.all.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(!name.isEmpty && name.allSatisfy { $0 == "-" || $0.isLowercase || $0.isNumber }, "\(name)")
            #expect(!name.hasPrefix("-") && !name.hasSuffix("-") && !name.contains("--"), "\(name)")
            #expect(Properties.named(name)?.name == name)
        }
        #expect(Properties.all.count == 18, "a new property needs its own @Test above")
        #expect(Properties.named("no-such-property") == nil)
    }
}
