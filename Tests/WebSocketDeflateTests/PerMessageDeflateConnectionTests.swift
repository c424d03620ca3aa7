import Testing
import WebSocketCore
import WebSocketDeflate

@Suite struct PerMessageDeflateConnectionTests {
    /// JSON-like messages that share most of their bytes, so a window that carries over shrinks the later ones.
    static let similarMessages: [[UInt8]] = (0..<6).map { index in
        Array("""
            {"type":"update","id":\(index),"user":{"name":"grace","score":\(1000 + index * 7)},\
            "items":[{"sku":"SKU-00042","qty":3,"price":12.5},{"sku":"SKU-00077","qty":1,"price":99.99}],\
            "text":"the quick brown fox jumps over the lazy dog, again and again and again"}
            """.utf8)
    }

    @Test("RFC7692-7-NEGOTIATION, RFC7692-7.1.1-NO-CONTEXT-TAKEOVER: through the handshake, messages compress with context takeover by default")
    func handshakeAndTakeover() throws {
        let pair = try #require(try DeflatePair.handshake(client: [PerMessageDeflate()], server: [PerMessageDeflate()]))
        #expect(pair.client.extensionNames == ["permessage-deflate"])
        #expect(pair.server.extensionNames == ["permessage-deflate"])
        var sizes: [Int] = []
        for message in Self.similarMessages {
            try pair.client.send(.text(String(decoding: message, as: UTF8.self)))
            let frames = try pair.clientToServer()
            #expect(frames.count == 1 && frames[0].reservedBits == .rsv1)
            sizes.append(frames[0].payload.count)
            // Echo back: the server compresses too.
            try pair.server.send(.binary(message))
            let back = try pair.serverToClient()
            #expect(back.count == 1 && back[0].reservedBits == .rsv1 && back[0].payload.count < message.count)
        }
        #expect(pair.server.messages == Self.similarMessages.map { .text(String(decoding: $0, as: UTF8.self)) })
        #expect(pair.client.messages == Self.similarMessages.map { .binary($0) })
        // The later messages refer to the earlier ones.
        #expect(sizes.dropFirst().allSatisfy { $0 < sizes[0] / 2 }, "\(sizes)")
        #expect(pair.server.isOpen && pair.client.isOpen)
    }

    @Test("RFC7692-7.1.1-NO-CONTEXT-TAKEOVER: with *_no_context_takeover every message compresses alone, both ways")
    func noContextTakeover() throws {
        var configuration = PerMessageDeflateConfiguration()
        configuration.serverNoContextTakeover = true
        configuration.clientNoContextTakeover = true
        let pair = try #require(try DeflatePair.handshake(
            client: [PerMessageDeflate(configuration: configuration)], server: [PerMessageDeflate()]))
        let repeated = Self.similarMessages[0]
        var clientPayloads: Set<[UInt8]> = []
        var serverPayloads: Set<[UInt8]> = []
        for _ in 0..<4 {
            try pair.client.send(.binary(repeated))
            let up = try pair.clientToServer()
            clientPayloads.insert(up[0].payload)
            #expect(up[0].reservedBits == .rsv1)
            try pair.server.send(.binary(repeated))
            let down = try pair.serverToClient()
            serverPayloads.insert(down[0].payload)
            #expect(down[0].reservedBits == .rsv1)
        }
        #expect(clientPayloads == [compressed(repeated)])
        #expect(serverPayloads == [compressed(repeated)])
        #expect(pair.server.messages == Array(repeating: .binary(repeated), count: 4))
        #expect(pair.client.messages == Array(repeating: .binary(repeated), count: 4))
    }

    @Test("RFC7692-7.1.1-NO-CONTEXT-TAKEOVER: a peer that resets although we keep our window still decodes (either side may drop context)")
    func mixedTakeover() throws {
        // The client was told it may keep its context but drops it anyway (RFC 7692 §7.1.1.2 allows that).
        var clientConfiguration = PerMessageDeflateConfiguration()
        clientConfiguration.clientNoContextTakeover = true
        let pair = try DeflatePair.established(settings: PerMessageDeflateSettings(), client: clientConfiguration)
        for message in Self.similarMessages {
            try pair.client.send(.binary(message))
            try pair.clientToServer()
        }
        #expect(pair.server.messages == Self.similarMessages.map { .binary($0) })
    }

    @Test("RFC7692-7.1.2-MAX-WINDOW-BITS: windows 8 through 15 work in both directions on long messages")
    func everyWindow() throws {
        let message = TestCorpus.english(20_000, seed: 5) + TestCorpus.repetitive(20_000, seed: 6)
        for bits in 8...15 {
            var configuration = PerMessageDeflateConfiguration()
            configuration.serverMaxWindowBits = bits
            configuration.clientMaxWindowBits = bits
            let pair = try #require(try DeflatePair.handshake(
                client: [PerMessageDeflate(configuration: configuration)], server: [PerMessageDeflate(configuration: configuration)]))
            for _ in 0..<2 {
                try pair.client.send(.binary(message))
                let up = try pair.clientToServer()
                #expect(up[0].payload.count < message.count / 2)
                try pair.server.send(.binary(message))
                try pair.serverToClient()
            }
            #expect(pair.server.messages == [.binary(message), .binary(message)], "window \(bits)")
            #expect(pair.client.messages == [.binary(message), .binary(message)], "window \(bits)")
        }
    }

    @Test("RFC7692-7.1.2-MAX-WINDOW-BITS: a server limited to window 8 is decoded by a client with window 8 only")
    func window8Decoding() throws {
        // The server compresses with window 8; the client inflates with window 8 and would refuse anything farther.
        let settings = PerMessageDeflateSettings(serverMaxWindowBits: 8, clientMaxWindowBits: 8)
        let pair = try DeflatePair.established(settings: settings)
        let message = TestCorpus.english(5_000, seed: 9)
        try pair.server.send(.binary(message))
        try pair.serverToClient()
        #expect(pair.client.messages == [.binary(message)])
        // A window-15 stream with far matches is refused by that client (the window is enforced): 1007.
        let far = Array(repeating: UInt8(ascii: "x"), count: 1) + TestCorpus.english(2_000, seed: 3) + TestCorpus.english(2_000, seed: 3)
        pair.client.receive(serverFrame(.binary, compressed(far), rsv: .rsv1))
        #expect(pair.client.failure == .extensionDataInvalid(extensionName: "permessage-deflate", reason: "distance too far back"))
        #expect(pair.client.closeCode == .invalidPayloadData)
    }

    @Test("RFC7692-6-RSV1-FIRST-FRAME, WS-DEFLATE-FRAGMENTED: a compressed message sent in fragments has RSV1 on its first frame only")
    func fragmentedSend() throws {
        let pair = try DeflatePair.established()
        let message = TestCorpus.english(30_000, seed: 11)
        try pair.client.send(.text(String(decoding: message, as: UTF8.self)), maximumFrameSize: 1_000)
        let frames = try pair.clientToServer()
        #expect(frames.count > 3)
        #expect(frames[0].opcode == .text && frames[0].reservedBits == .rsv1 && !frames[0].fin)
        #expect(frames.dropFirst().allSatisfy { $0.opcode == .continuation && $0.reservedBits.isEmpty })
        #expect(frames.last?.fin == true)
        #expect(frames.dropLast().allSatisfy { $0.payload.count == 1_000 })
        #expect(pair.server.messages == [.text(String(decoding: message, as: UTF8.self))])
    }

    @Test("WS-DEFLATE-FRAGMENTED: a compressed message in many fragments, cut into any reads, decodes the same")
    func fragmentedReceive() throws {
        let message = TestCorpus.english(12_000, seed: 12) + [0xE2, 0x82, 0xAC]  // ends in "€"
        let payload = compressed(message)
        for fragmentSize in [1, 7, 100, payload.count] {
            var wire: [UInt8] = []
            var start = 0
            while start < payload.count {
                let end = min(start + fragmentSize, payload.count)
                wire += clientFrame(start == 0 ? .text : .continuation, Array(payload[start..<end]), fin: end == payload.count, rsv: start == 0 ? .rsv1 : [])
                start = end
            }
            wire += clientFrame(.ping, [1, 2, 3])  // a control frame after the message, uncompressed
            for readSize in [1, 13, 4096, wire.count] {
                var configuration = ConnectionConfiguration()
                configuration.limits.maximumFragmentsPerMessage = 1 << 20
                let server = DeflatePeer(try Connection.established(
                    role: .server, configuration: configuration,
                    extensions: [PerMessageDeflateExtension(role: .server, settings: .init())]))
                var offset = 0
                while offset < wire.count {
                    server.receive(Array(wire[offset..<min(offset + readSize, wire.count)]))
                    offset += readSize
                }
                #expect(server.events == [.message(Message(kind: .text, bytes: message)), .ping([1, 2, 3])], "fragments of \(fragmentSize), reads of \(readSize)")
            }
        }
    }

    @Test("WS-DEFLATE-THRESHOLD: messages below the threshold go out uncompressed with RSV1 clear; at it, compressed")
    func threshold() throws {
        let pair = try DeflatePair.established()
        let below = Array(TestCorpus.english(400, seed: 1).prefix(127))
        let at = Array(TestCorpus.english(400, seed: 1).prefix(128))
        try pair.client.send(.binary(below))
        let small = try pair.clientToServer()
        #expect(small[0].reservedBits.isEmpty && small[0].payload == below)
        try pair.client.send(.binary(at))
        let large = try pair.clientToServer()
        #expect(large[0].reservedBits == .rsv1 && large[0].payload.count < 128)
        // Uncompressed messages interleaved with compressed ones leave both windows in step.
        for message in Self.similarMessages {
            try pair.client.send(.binary(message))
            try pair.client.send(.binary(below))
        }
        try pair.clientToServer()
        #expect(pair.server.messages == [.binary(below), .binary(at)] + Self.similarMessages.flatMap { [.binary($0), .binary(below)] })

        // Threshold 0 compresses even the empty message, to the single byte 00.
        var everything = PerMessageDeflateConfiguration()
        everything.compressionThreshold = 0
        let eager = try DeflatePair.established(server: everything)
        try eager.server.send(.text(""))
        try eager.server.send(.text("Hello"))
        let frames = try eager.serverToClient()
        #expect(frames.map(\.reservedBits) == [.rsv1, .rsv1])
        #expect(frames[0].payload == [0x00])
        #expect(frames[1].payload == [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00])  // RFC 7692 §7.2.3.1
        #expect(eager.client.messages == [.text(""), .text("Hello")])
    }

    @Test("WS-DEFLATE-INCOMPRESSIBLE: without context takeover a message that does not shrink goes out as it is")
    func incompressible() throws {
        var generator = Xorshift64Star(seed: 99)
        let noise = generator.bytes(count: 4_000)
        let reset = PerMessageDeflateSettings(serverNoContextTakeover: true, clientNoContextTakeover: true)
        let pair = try DeflatePair.established(settings: reset)
        try pair.client.send(.binary(noise))
        let frames = try pair.clientToServer()
        #expect(frames[0].reservedBits.isEmpty && frames[0].payload == noise)
        // With context takeover it is compressed anyway (stored blocks: a few bytes more), to keep the windows in step.
        let keeping = try DeflatePair.established()
        try keeping.client.send(.binary(noise))
        let kept = try keeping.clientToServer()
        #expect(kept[0].reservedBits == .rsv1 && kept[0].payload.count <= noise.count + 10)
        #expect(pair.server.messages == [.binary(noise)] && keeping.server.messages == [.binary(noise)])
    }

    @Test("RFC7692-7.2.3-FRAMES, RFC7692-6.1-CONTROL-NOT-COMPRESSED: the frame-level examples of Vectors/permessage-deflate-rfc7692.json decode through a client connection")
    func frameVectors() throws {
        let file = try PerMessageDeflateVectorFile.load()
        #expect(file.frames.count >= 8)
        for vector in file.frames {
            for readSize in [1, 3, 1_000] {
                let client = DeflatePeer(try Connection.established(
                    role: .client, extensions: [PerMessageDeflateExtension(role: .client, settings: .init())]))
                let wire = vector.frames.flatMap { [UInt8](hex: $0) }
                var offset = 0
                while offset < wire.count {
                    client.receive(Array(wire[offset..<min(offset + readSize, wire.count)]))
                    offset += readSize
                }
                #expect(client.messages == vector.messages.map { .text($0) }, "\(vector.name)")
                #expect(client.failure == nil, "\(vector.name)")
            }
        }
    }
}
