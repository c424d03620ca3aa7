import Testing
import WebSocketCore

/// Streamed delivery in the core: bytes in, chunk events out (`Spec/streaming.md`).
@Suite struct StreamingReceiveTests {
    static func configuration(chunk: Int = 64, limit: Int = 1 << 20) -> ConnectionConfiguration {
        var configuration = ConnectionConfiguration()
        configuration.messageDelivery = .streamed(maximumChunkSize: chunk)
        configuration.limits.maximumMessageSize = limit
        return configuration
    }

    static func chunks(_ events: [ConnectionEvent]) -> [MessageChunk] {
        events.compactMap { if case .messageChunk(let chunk) = $0 { chunk } else { nil } }
    }

    /// The messages the chunks make up, checking the first/final flags as it goes.
    static func messages(_ chunks: [MessageChunk]) -> [Message] {
        var messages: [Message] = []
        var current: Message?
        for chunk in chunks {
            #expect(chunk.isFirst == (current == nil))
            if current == nil { current = Message(kind: chunk.kind, bytes: []) }
            #expect(chunk.kind == current!.kind)
            current!.bytes += chunk.bytes
            if chunk.isFinal {
                messages.append(current!)
                current = nil
            }
        }
        #expect(current == nil)
        return messages
    }

    @Test("WS-STREAM-OPT-IN: messages arrive whole by default; streamed only when configured; a chunk size under 16 is refused")
    func optIn() throws {
        let stream = clientFrame(.binary, Array(repeating: 7, count: 300))
        let whole = try drive(.server, [stream])
        #expect(whole.events == [.message(.binary(Array(repeating: 7, count: 300)))])
        let streamed = try drive(.server, [stream], configuration: Self.configuration(chunk: 64))
        #expect(!streamed.events.contains { if case .message = $0 { true } else { false } })
        #expect(Self.messages(Self.chunks(streamed.events)) == [.binary(Array(repeating: 7, count: 300))])
        var bad = ConnectionConfiguration()
        bad.messageDelivery = .streamed(maximumChunkSize: 15)
        #expect(throws: ConfigurationError.self) { _ = try Connection.established(role: .server, configuration: bad) }
    }

    @Test("WS-STREAM-CHUNKS: chunks come in order, at most the chunk size, one per input when small, and concatenate to each message")
    func chunksInOrder() throws {
        let first: [UInt8] = (0..<1000).map { UInt8($0 & 0xFF) }
        let second: [UInt8] = Array(repeating: 9, count: 10)
        let stream = clientFrame(.binary, Array(first[0..<400]), fin: false)
            + clientFrame(.continuation, [], fin: false)
            + clientFrame(.continuation, Array(first[400...]))
            + clientFrame(.binary, second)
        for size in [1, 7, 100, stream.count] {
            let result = try drive(.server, chunked(stream, by: size), configuration: Self.configuration(chunk: 128))
            let chunks = Self.chunks(result.events)
            #expect(chunks.allSatisfy { $0.bytes.count <= 128 }, "input size \(size)")
            #expect(Self.messages(chunks) == [.binary(first), .binary(second)], "input size \(size)")
            if size == 1 {
                // One byte per input: a chunk per input, never a chunk assembled over several inputs.
                #expect(chunks.allSatisfy { $0.bytes.count <= 1 })
            }
        }
        // Small input in one read: one chunk per message (coalesced), however many frames.
        let one = try drive(.server, [stream], configuration: Self.configuration(chunk: 4096))
        #expect(Self.chunks(one.events).count == 2)
    }

    @Test("WS-STREAM-UTF8: text split mid-code-point across frames and across reads arrives intact, every chunk valid UTF-8")
    func textSplitMidCodePoint() throws {
        let text = String(repeating: "aκό€😀", count: 40)
        let bytes = Array(text.utf8)
        // Frames cut at every awkward place: 1, 2, 3 bytes into multi-byte sequences.
        var stream: [UInt8] = []
        var start = 0
        let cuts = [2, 3, 5, 6, 9, 11, 13, 50, 51, 77, 100, 101, 102, 200]
        for (index, cut) in (cuts + [bytes.count]).enumerated() {
            stream += clientFrame(index == 0 ? .text : .continuation, Array(bytes[start..<cut]), fin: cut == bytes.count)
            start = cut
        }
        for (readSize, chunkSize) in [(1, 16), (3, 16), (5, 17), (64, 16), (stream.count, 16), (stream.count, 4096)] {
            let result = try drive(.server, chunked(stream, by: readSize), configuration: Self.configuration(chunk: chunkSize))
            let chunks = Self.chunks(result.events)
            for chunk in chunks {
                #expect(String(validating: chunk.bytes, as: UTF8.self) != nil, "read \(readSize): chunk \(chunk.bytes)")
                #expect(chunk.bytes.count <= chunkSize)
            }
            #expect(Self.messages(chunks) == [.text(text)], "read \(readSize), chunk \(chunkSize)")
            #expect(result.failure == nil)
        }
    }

    @Test("WS-STREAM-UTF8: invalid UTF-8 mid-message fails with 1007 at once, before the message ends, after valid chunks")
    func invalidTextMidMessage() throws {
        let valid = Array(String(repeating: "é", count: 500).utf8)
        let stream = clientFrame(.text, valid, fin: false) + clientFrame(.continuation, [0x61, 0xC0, 0xAF], fin: false)
        let result = try drive(.server, [Array(stream[0..<600]), Array(stream[600...])], configuration: Self.configuration(chunk: 256))
        #expect(result.failure == .invalidUTF8)
        #expect(result.closeCode == .invalidPayloadData)
        let received = Self.chunks(result.events).reduce(0) { $0 + $1.bytes.count }
        #expect(received > 0 && received <= valid.count)
        #expect(!Self.chunks(result.events).contains { $0.isFinal })
        // A code point cut by the end of the message is invalid too.
        let truncated = try drive(.server, [clientFrame(.text, [0x61, 0xE2, 0x82])], configuration: Self.configuration())
        #expect(truncated.failure == .invalidUTF8)
    }

    @Test("WS-STREAM-LIMIT: the message limit bounds a streamed message's total, exact to the byte, with 1009")
    func limit() throws {
        let limit = 1000
        for (size, fits) in [(limit - 1, true), (limit, true), (limit + 1, false)] {
            let payload = Array(repeating: UInt8(1), count: size)
            let stream = clientFrame(.binary, Array(payload[0..<500]), fin: false) + clientFrame(.continuation, Array(payload[500...]))
            let result = try drive(.server, chunked(stream, by: 97), configuration: Self.configuration(chunk: 64, limit: limit))
            if fits {
                #expect(Self.messages(Self.chunks(result.events)) == [.binary(payload)])
            } else {
                #expect(result.failure == .messageTooLarge(limit: limit))
                #expect(result.closeCode == .messageTooBig)
                #expect(!Self.chunks(result.events).contains { $0.isFinal })
            }
        }
    }

    @Test("WS-STREAM-CONTROL: a ping between a streamed message's fragments is answered while the message is in progress")
    func pingMidStream() throws {
        let stream = clientFrame(.binary, Array(repeating: 1, count: 200), fin: false)
            + clientFrame(.ping, [42])
            + clientFrame(.continuation, Array(repeating: 2, count: 200))
        let head = try drive(.server, [stream], configuration: Self.configuration(chunk: 64))
        #expect(head.events.contains(.ping([42])))
        let frames = try decodeFrames(head.outbound, sentBy: .server)
        #expect(frames.map(\.header.opcode) == [.pong])
        #expect(Self.messages(Self.chunks(head.events)) == [.binary(Array(repeating: 1, count: 200) + Array(repeating: 2, count: 200))])
        // The pong is queued before the message's last frame arrived.
        let partial = try drive(.server, [Array(stream[0..<(stream.count - 100)])], configuration: Self.configuration(chunk: 64))
        #expect(try decodeFrames(partial.outbound, sentBy: .server).map(\.header.opcode) == [.pong])
        #expect(!Self.chunks(partial.events).contains { $0.isFinal })
    }

    @Test("WS-STREAM-BOUNDED: a large single frame is delivered in chunks, never read directly into whole-message storage")
    func boundedStorage() throws {
        var connection = try Connection.established(role: .server, configuration: Self.configuration(chunk: 4096, limit: 1 << 24))
        let payload = Array(repeating: UInt8(3), count: 1 << 20)
        let frame = clientFrame(.binary, payload)
        var events: [ConnectionEvent] = []
        var offset = 0
        var largest = 0
        while offset < frame.count {
            let end = min(offset + 65_536, frame.count)
            switch connection.receive(Array(frame[offset..<end]), into: &events) {
            case .open(let still): connection = still
            case .closed: Issue.record("closed"); return
            }
            #expect(connection.directReceiveCapacity == 0)
            largest = max(largest, Self.chunks(events).map(\.bytes.count).max() ?? 0)
            offset = end
        }
        #expect(largest <= 4096)
        #expect(Self.messages(Self.chunks(events)) == [.binary(payload)])
    }
}
