import Testing
import WebSocketDeflate

@Suite struct InflateVectorTests {
    static let cases: [DeflateVectorCase] = (try? DeflateVectorFile.load().cases) ?? []

    @Test("The vector file loads and states its source")
    func vectorFileLoads() throws {
        let file = try DeflateVectorFile.load()
        #expect(file.cases.count > 20)
        #expect(file.source.contains("zlib.compressobj"))
        #expect(file.generator.contains("Z_SYNC_FLUSH"))
    }

    @Test(
        "RFC7692-7.2.2-APPEND-TAIL, RFC7692-7.2.3-EXAMPLES, RFC1951-3.2.3-BLOCK-TYPES: zlib streams and the RFC 7692 examples decode",
        arguments: cases.map(\.name))
    func decodesVector(name: String) throws {
        let vector = try #require(Self.cases.first { $0.name == name })
        var inflater = Inflater(windowBits: vector.windowBits)
        for message in vector.messages {
            if !vector.contextTakeover { inflater.reset() }
            var output: [UInt8] = []
            for fragment in message.fragments ?? [message.compressed] {
                try inflater.inflate([UInt8](hex: fragment), into: &output)
            }
            try inflater.finishMessage(into: &output)
            #expect(output == [UInt8](hex: message.plain), "\(name)")
        }
    }
}
