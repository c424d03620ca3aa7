import Testing
import WebSocketCore
import WebSocketDeflate

@Suite struct PerMessageDeflateMemoryTests {
    /// Sends one compressible message from `sender` and decodes it on `receiver`, as the connections would.
    static func exchange(_ sender: PerMessageDeflateExtension, _ receiver: PerMessageDeflateExtension, _ message: [UInt8]) throws {
        let (payload, bits) = sender.encode(message, kind: .binary)
        #expect(bits == .rsv1)
        #expect(try receiver.beginDecoding(firstFrameReservedBits: bits))
        var output: [UInt8] = []
        try payload.withUnsafeBytes { try receiver.decode($0, isFinal: false, into: &output, limit: .max) }
        try receiver.decode(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true, into: &output, limit: .max)
        #expect(output == message)
    }

    @Test("WS-DEFLATE-MEMORY-PER-CONNECTION: codecs are allocated when first needed and sized by the negotiated windows")
    func lazyAllocation() throws {
        let message = TestCorpus.english(2_000, seed: 1)
        for bits in 8...15 {
            let settings = PerMessageDeflateSettings(serverMaxWindowBits: bits, clientMaxWindowBits: 15)
            let server = PerMessageDeflateExtension(role: .server, settings: settings)
            let client = PerMessageDeflateExtension(role: .client, settings: settings)
            #expect(server.allocatedBytes == 0 && client.allocatedBytes == 0)
            // A message below the threshold allocates nothing.
            _ = server.encode(Array(message.prefix(10)), kind: .text)
            #expect(server.allocatedBytes == 0)
            try Self.exchange(server, client, message)
            #expect(server.allocatedBytes == Deflater.memoryFootprint(windowBits: bits))
            #expect(client.allocatedBytes == Inflater.memoryFootprint(windowBits: bits))
            try Self.exchange(client, server, message)
            let expected = PerMessageDeflate.memoryPerConnection(settings: settings, role: .server)
            #expect(server.allocatedBytes == expected.deflater + expected.inflater)
            #expect(expected.deflater == Deflater.memoryFootprint(windowBits: bits))
            #expect(expected.inflater == Inflater.memoryFootprint(windowBits: 15))
        }
        // The documented figures for the default windows.
        let full = PerMessageDeflate.memoryPerConnection(settings: .init(), role: .client)
        #expect(full.deflater == 273_173 && full.inflater == 80_416)
    }

    @Test("WS-DEFLATE-MEMORY-PER-CONNECTION: without context takeover, releasesMemoryBetweenMessages frees the codecs after each message")
    func releaseBetweenMessages() throws {
        var releasing = PerMessageDeflateConfiguration()
        releasing.releasesMemoryBetweenMessages = true
        let message = TestCorpus.json(3, seed: 2) + TestCorpus.english(1_000, seed: 3)
        let reset = PerMessageDeflateSettings(serverNoContextTakeover: true, clientNoContextTakeover: true)
        let server = PerMessageDeflateExtension(role: .server, settings: reset, configuration: releasing)
        let client = PerMessageDeflateExtension(role: .client, settings: reset, configuration: releasing)
        for _ in 0..<3 {
            try Self.exchange(server, client, message)
            try Self.exchange(client, server, message)
            #expect(server.allocatedBytes == 0 && client.allocatedBytes == 0)
        }
        // With context takeover the windows must be kept, whatever the setting.
        let keeping = PerMessageDeflateExtension(role: .server, settings: .init(), configuration: releasing)
        let peer = PerMessageDeflateExtension(role: .client, settings: .init(), configuration: releasing)
        try Self.exchange(keeping, peer, message)
        try Self.exchange(keeping, peer, message)
        #expect(keeping.allocatedBytes == Deflater.memoryFootprint(windowBits: 15))
        #expect(peer.allocatedBytes == Inflater.memoryFootprint(windowBits: 15))
        // Without the setting, a reset codec stays allocated (cheaper per message).
        let holding = PerMessageDeflateExtension(role: .server, settings: reset)
        try Self.exchange(holding, client, message)
        #expect(holding.allocatedBytes == Deflater.memoryFootprint(windowBits: 15))
    }
}
