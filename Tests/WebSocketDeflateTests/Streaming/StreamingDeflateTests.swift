import Testing
import WebSocketCore
import WebSocketDeflate

/// Streamed receive of compressed messages and streamed, compressed send (`Spec/streaming.md`).
@Suite struct StreamingDeflateTests {
    static func streamed(chunk: Int, limit: Int) -> ConnectionConfiguration {
        var configuration = ConnectionConfiguration()
        configuration.messageDelivery = .streamed(maximumChunkSize: chunk)
        configuration.limits.maximumMessageSize = limit
        configuration.limits.maximumFrameSize = 1 << 26
        return configuration
    }

    static func streamedServer(chunk: Int = 4096, limit: Int, settings: PerMessageDeflateSettings = .init()) throws -> DeflatePeer {
        DeflatePeer(try Connection.established(
            role: .server, configuration: streamed(chunk: chunk, limit: limit),
            extensions: [PerMessageDeflateExtension(role: .server, settings: settings)]))
    }

    static func chunks(_ events: [ConnectionEvent]) -> [MessageChunk] {
        events.compactMap { if case .messageChunk(let chunk) = $0 { chunk } else { nil } }
    }

    /// The payloads of the complete messages the chunks make up.
    static func messages(_ events: [ConnectionEvent]) -> [Message] {
        var messages: [Message] = []
        var current: [UInt8]?
        for chunk in chunks(events) {
            current = (current ?? []) + chunk.bytes
            if chunk.isFinal {
                messages.append(Message(kind: chunk.kind, bytes: current!))
                current = nil
            }
        }
        return messages
    }

    /// A compressed message in frames of `fragmentSize` compressed bytes, RSV1 on the first.
    static func wire(_ payload: [UInt8], kind: Opcode = .binary, fragmentSize: Int) -> [UInt8] {
        var wire: [UInt8] = []
        var start = 0
        repeat {
            let end = min(start + fragmentSize, payload.count)
            wire += clientFrame(start == 0 ? kind : .continuation, Array(payload[start..<end]), fin: end == payload.count, rsv: start == 0 ? .rsv1 : [])
            start = end
        } while start < payload.count
        return wire
    }

    @Test("WS-STREAM-DEFLATE: a compressed stream is inflated under the exact message limit (limit passes, limit + 1 is 1009)")
    func exactLimit() throws {
        let limit = 300_000
        for content in [TestCorpus.english(limit + 1, seed: 9), Array(repeating: 0x61, count: limit + 1)] {
            for (size, fits) in [(limit - 1, true), (limit, true), (limit + 1, false)] {
                let message = Array(content.prefix(size))
                for fragmentSize in [1 << 20, 333] {
                    let server = try Self.streamedServer(chunk: 4096, limit: limit)
                    let wire = Self.wire(compressed(message), fragmentSize: fragmentSize)
                    for start in stride(from: 0, to: wire.count, by: 10_000) { server.receive(Array(wire[start..<min(start + 10_000, wire.count)])) }
                    #expect(Self.chunks(server.events).allSatisfy { $0.bytes.count <= 4096 })
                    if fits {
                        #expect(Self.messages(server.events) == [.binary(message)], "\(size) bytes")
                        #expect(server.failure == nil)
                    } else {
                        #expect(Self.messages(server.events).isEmpty)
                        #expect(server.failure == .messageTooLarge(limit: limit), "\(size) bytes")
                        #expect(server.closeCode == .messageTooBig)
                        let delivered = Self.chunks(server.events).reduce(0) { $0 + $1.bytes.count }
                        #expect(delivered <= limit)
                    }
                }
            }
        }
    }

    @Test("WS-STREAM-DEFLATE, WS-STREAM-BOUNDED: a highly compressed message (a bomb) comes out in bounded chunks, one input at a time")
    func bombInBoundedChunks() throws {
        let message = Array(repeating: UInt8(0), count: 8 << 20)
        let payload = compressed(message)
        #expect(payload.count < 64 << 10)
        let server = try Self.streamedServer(chunk: 64 << 10, limit: 16 << 20)
        server.receive(Self.wire(payload, fragmentSize: payload.count))
        let chunks = Self.chunks(server.events)
        #expect(chunks.count >= 128)
        #expect(chunks.allSatisfy { $0.bytes.count <= 64 << 10 })
        #expect(Self.messages(server.events) == [.binary(message)])
    }

    @Test("WS-STREAM-UTF8: compressed text is validated as it inflates: 1007 before the end, every chunk valid UTF-8")
    func compressedText() throws {
        let text = String(repeating: "naïve café 😀 ", count: 2000)
        let server = try Self.streamedServer(chunk: 100, limit: 1 << 20)
        server.receive(Self.wire(compressed(Array(text.utf8)), kind: .text, fragmentSize: 7))
        #expect(Self.chunks(server.events).allSatisfy { String(validating: $0.bytes, as: UTF8.self) != nil })
        #expect(Self.messages(server.events) == [.text(text)])
        // Valid text then an invalid byte, with no end: the failure comes without the message's last frame.
        let bad = try Self.streamedServer(chunk: 100, limit: 1 << 20)
        var deflater = Deflater()
        var output: [UInt8] = []
        deflater.deflate(Array(text.utf8) + [0xFF] + Array(text.utf8), into: &output)
        deflater.syncFlush(into: &output)
        bad.receive(clientFrame(.text, output, fin: false, rsv: .rsv1))
        #expect(bad.failure == .invalidUTF8)
        #expect(bad.closeCode == .invalidPayloadData)
        #expect(!Self.chunks(bad.events).isEmpty)
    }

    @Test("WS-STREAM-SEND-DEFLATE: a message sent in fragments is compressed as one message, RSV1 on the first frame only, and decodes")
    func streamingSend() throws {
        for settings in [PerMessageDeflateSettings(), PerMessageDeflateSettings(serverNoContextTakeover: true, clientNoContextTakeover: true)] {
            let pair = try DeflatePair.established(settings: settings)
            let pieces = (0..<20).map { TestCorpus.english(5000, seed: UInt64($0)) }
            for round in 0..<3 {
                try pair.client.open?.beginFragmentedMessage(.text, pieces[0])
                for (index, piece) in pieces.enumerated().dropFirst() {
                    try pair.client.open?.continueFragmentedMessage(piece, isFinal: index == pieces.count - 1)
                }
                let frames = try pair.clientToServer()
                #expect(frames.count == pieces.count)
                #expect(frames.first?.header.reservedBits == .rsv1)
                #expect(frames.dropFirst().allSatisfy { $0.header.reservedBits.isEmpty })
                #expect(frames.first?.header.opcode == .text && frames.dropFirst().allSatisfy { $0.header.opcode == .continuation })
                let wireBytes = frames.reduce(0) { $0 + $1.payload.count }
                #expect(wireBytes < pieces.reduce(0) { $0 + $1.count } / 2, "compressed")
                // Whole messages between streamed ones keep the shared context in step (context takeover).
                try pair.client.send(.binary(TestCorpus.english(3000, seed: 99)))
                try pair.clientToServer()
                #expect(pair.server.messages.count == 2 * (round + 1), "\(settings)")
                #expect(pair.server.messages[2 * round] == .text(String(decoding: pieces.joined(), as: UTF8.self)))
                #expect(pair.server.failure == nil)
            }
        }
    }

    @Test("WS-STREAM-SEND-DEFLATE: an empty streamed message and single-fragment messages round-trip")
    func streamingSendEdges() throws {
        let pair = try DeflatePair.established()
        try pair.client.open?.beginFragmentedMessage(.binary, [])
        try pair.client.open?.continueFragmentedMessage([], isFinal: true)
        try pair.client.open?.beginFragmentedMessage(.binary, [1, 2, 3])
        try pair.client.open?.continueFragmentedMessage([], isFinal: true)
        let frames = try pair.clientToServer()
        #expect(frames.count == 4)
        #expect(pair.server.messages == [.binary([]), .binary([1, 2, 3])])
    }
}
